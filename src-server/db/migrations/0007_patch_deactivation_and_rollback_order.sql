-- SDK patches: a deactivation is recorded as such, and wins over any version waiting for review.
-- Before this migration "deactivated" was only `active = false`, which a patch whose versions were
-- all still pending already had: deactivating it changed nothing and a later approval served it.
ALTER TABLE sdk_self_healing_registry
  ADD COLUMN deactivated_at timestamptz,
  ADD COLUMN deactivated_by text;
-- Until now a patch with an approved version that is not served could only have been deactivated.
UPDATE sdk_self_healing_registry SET deactivated_at = updated_at WHERE NOT active AND active_version IS NOT NULL;
-- A deactivated patch is never served, whichever path (an approval, hand-written SQL) tries to.
ALTER TABLE sdk_self_healing_registry
  ADD CONSTRAINT sdk_registry_deactivated_not_served CHECK (deactivated_at IS NULL OR NOT active);

-- Healing logs: the reason a rollback gave, and, for a log rolled back because an older patch on the
-- same plugin was rolled back with `cascade`, the log whose rollback took it along.
ALTER TABLE plugin_auto_healing_logs
  ADD COLUMN rollback_reason text,
  ADD COLUMN rollback_cascade_of uuid REFERENCES plugin_auto_healing_logs (id);

-- Snapshots: the order in which they were taken. The apply path takes a snapshot while it holds the
-- plugin's row lock, so a sequence value drawn then orders a plugin's snapshots as the applies
-- happened (created_at is the transaction's start time, which need not be). A rollback restores its
-- snapshot, so it undoes every patch whose snapshot came after it.
CREATE SEQUENCE plugin_snapshots_seq;
ALTER TABLE plugin_snapshots ADD COLUMN seq bigint;
UPDATE plugin_snapshots s SET seq = o.n
  FROM (SELECT id, row_number() OVER (ORDER BY created_at, id) AS n FROM plugin_snapshots) o
 WHERE s.id = o.id;
SELECT setval('plugin_snapshots_seq', COALESCE((SELECT max(seq) FROM plugin_snapshots), 0) + 1, false);
ALTER TABLE plugin_snapshots
  ALTER COLUMN seq SET DEFAULT nextval('plugin_snapshots_seq'),
  ALTER COLUMN seq SET NOT NULL;
ALTER SEQUENCE plugin_snapshots_seq OWNED BY plugin_snapshots.seq;
CREATE INDEX plugin_snapshots_plugin_seq_idx ON plugin_snapshots (plugin_id, seq);
