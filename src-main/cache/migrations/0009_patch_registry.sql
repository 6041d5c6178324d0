-- The SDK patch registry in the console: decisions on patches and versions show their pending state,
-- the backend's field figures and runbook tables are kept to read offline with their age, and patch
-- drafts live on this workstation until they are submitted.

-- Pending state of the outbox kinds on patches (deactivate, reactivate) and on versions (approve,
-- reject), written from `pending_targets` only (PendingStates), as for logs and pauses.
ALTER TABLE sdk_patches ADD COLUMN local_state TEXT NOT NULL DEFAULT 'synced'
  CHECK (local_state IN ('synced', 'queued', 'rejected', 'conflict'));
ALTER TABLE sdk_patch_versions ADD COLUMN local_state TEXT NOT NULL DEFAULT 'synced'
  CHECK (local_state IN ('synced', 'queued', 'rejected', 'conflict'));
CREATE INDEX sdk_patches_local_state_idx ON sdk_patches (local_state) WHERE local_state <> 'synced';
CREATE INDEX sdk_patch_versions_local_state_idx ON sdk_patch_versions (local_state) WHERE local_state <> 'synced';

-- Field figures per patch (GET /api/dev/patches/field-stats): one row per patch, `data` a
-- PatchFieldStats, `computed_at` when the backend computed them. Rebuilt to add `computed_at`,
-- keeping any row (its receipt time stands for its computation time).
CREATE TABLE patch_stats_rebuilt (
  patch_id     TEXT PRIMARY KEY,
  data         TEXT NOT NULL,
  computed_at  TEXT NOT NULL,
  refreshed_at TEXT NOT NULL
);
INSERT INTO patch_stats_rebuilt (patch_id, data, computed_at, refreshed_at)
  SELECT patch_id, data, refreshed_at, refreshed_at FROM patch_stats;
DROP TABLE patch_stats;
ALTER TABLE patch_stats_rebuilt RENAME TO patch_stats;

-- The SDK errors no patch answered (7 days), in the backend's order (most frequent first).
CREATE TABLE unpatched_lookups (
  rank         INTEGER PRIMARY KEY,
  sdk_language TEXT NOT NULL,
  occurrences  INTEGER NOT NULL,
  data         TEXT NOT NULL
);
CREATE INDEX unpatched_lookups_language_idx ON unpatched_lookups (sdk_language, rank);

-- When each source of field figures was computed and received: `field_stats` (patch_stats and
-- unpatched_lookups, `data` null) and `runbook` (`data` the runbook's tables as JSON).
CREATE TABLE field_snapshots (
  source       TEXT PRIMARY KEY CHECK (source IN ('field_stats', 'runbook')),
  data         TEXT,
  computed_at  TEXT NOT NULL,
  refreshed_at TEXT NOT NULL
);

-- Patch drafts, as typed: a new patch (patch_id null) or the next version of one (base_version: the
-- version it was opened on, its diff base). Local work: kept across restarts and cache rebuilds.
-- `local_state` shows the submission's outbox state; `sent_patch_id` is the registry's patch once the
-- backend accepted it.
CREATE TABLE patch_drafts (
  id            TEXT PRIMARY KEY,
  patch_id      TEXT,
  base_version  INTEGER,
  text          TEXT NOT NULL,
  change_note   TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  saved_at      TEXT NOT NULL,
  submitted_at  TEXT,
  sent_patch_id TEXT,
  local_state   TEXT NOT NULL DEFAULT 'synced' CHECK (local_state IN ('synced', 'queued', 'rejected', 'conflict'))
);
CREATE INDEX patch_drafts_saved_idx ON patch_drafts (saved_at);
