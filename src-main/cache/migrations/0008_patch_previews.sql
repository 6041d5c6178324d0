-- What each log's patch will change, as the backend computed it (GET /api/v1/plugins/autoheal/:id/preview),
-- kept so the detail pane shows it offline. A preview is for one log version and one version of the
-- log's plugin row (the plugin's reported state comes with it); when either moves on, the preview is
-- outdated and fetched again. Emptied with the other synced tables on a resync or a profile switch.
CREATE TABLE patch_previews (
  log_id         TEXT PRIMARY KEY,
  log_version    INTEGER NOT NULL,
  -- The cached plugin row's version when the preview was fetched (null: the plugin was not cached).
  plugin_version INTEGER,
  kind           TEXT NOT NULL CHECK (kind IN ('state', 'code', 'none')),
  computed_at    TEXT NOT NULL,
  fetched_at     TEXT NOT NULL,
  data           TEXT NOT NULL
);
