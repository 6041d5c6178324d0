-- Code excerpts: the lines of a plugin's source around the line that failed, as a `plugin.error`
-- event or the analyser's proposal reported them, with secrets already redacted on intake. A code
-- patch's preview (`GET /autoheal/:id/preview`) is computed from the excerpt of its log. Kept apart
-- from the log row so the change feed, which carries every log version, does not carry them.
CREATE TABLE healing_log_excerpts (
  healing_log_id uuid PRIMARY KEY REFERENCES plugin_auto_healing_logs (id) ON DELETE CASCADE,
  excerpt        jsonb NOT NULL CHECK (jsonb_typeof(excerpt) = 'object' AND jsonb_typeof(excerpt -> 'lines') = 'array'),
  -- Where it came from: `interop:<event id>` or `proposal`.
  source         text NOT NULL,
  created_at     timestamptz NOT NULL DEFAULT now()
);
