-- The console's local cache. Synced tables hold the server row as JSON (`data`) plus the columns
-- the console filters and sorts on; the outbox, conflicts and profiles are local only.

-- Backend profiles (the token lives in the secret store, keyed by profile id) -------------------------
CREATE TABLE profiles (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  url        TEXT NOT NULL,
  embedded   INTEGER NOT NULL DEFAULT 0 CHECK (embedded IN (0, 1)),
  created_at TEXT NOT NULL
);

-- One row: which profile the cache mirrors and how far it has read the change feed.
CREATE TABLE sync_state (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  profile_id        TEXT REFERENCES profiles (id) ON DELETE SET NULL,
  feed_cursor       INTEGER NOT NULL DEFAULT 0,
  initial_sync_done INTEGER NOT NULL DEFAULT 0 CHECK (initial_sync_done IN (0, 1)),
  last_success_at   TEXT,
  last_error        TEXT,
  identity          TEXT
);
INSERT INTO sync_state (id) VALUES (1);

-- Healing logs: the review queue reads these -----------------------------------------------------------
CREATE TABLE healing_logs (
  id             TEXT PRIMARY KEY,
  plugin_id      TEXT NOT NULL,
  platform       TEXT,
  status         TEXT NOT NULL,
  severity       TEXT NOT NULL,
  severity_rank  INTEGER NOT NULL,
  confidence     REAL NOT NULL,
  detected_issue TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  version        INTEGER NOT NULL,
  data           TEXT NOT NULL,
  local_state    TEXT NOT NULL DEFAULT 'synced' CHECK (local_state IN ('synced', 'queued', 'conflict', 'rejected'))
);
-- The review queue: one status, most severe first, then least or most confident, newest first. One
-- index per confidence direction so either order is an index walk (SQLite cannot mix directions).
CREATE INDEX healing_logs_queue_conf_asc_idx ON healing_logs (status, severity_rank DESC, confidence ASC, created_at DESC, id);
CREATE INDEX healing_logs_queue_conf_desc_idx ON healing_logs (status, severity_rank DESC, confidence DESC, created_at DESC, id);
CREATE INDEX healing_logs_status_created_idx ON healing_logs (status, created_at DESC, id);
CREATE INDEX healing_logs_created_idx ON healing_logs (created_at DESC, id);
CREATE INDEX healing_logs_plugin_idx ON healing_logs (plugin_id, created_at DESC);
CREATE INDEX healing_logs_local_state_idx ON healing_logs (local_state) WHERE local_state <> 'synced';

-- Other synced rows ---------------------------------------------------------------------------------------
CREATE TABLE plugins (
  id          TEXT PRIMARY KEY,
  merchant_id TEXT NOT NULL,
  cms         TEXT NOT NULL,
  version     INTEGER NOT NULL,
  data        TEXT NOT NULL
);
CREATE INDEX plugins_merchant_idx ON plugins (merchant_id);

CREATE TABLE snapshots (
  id             TEXT PRIMARY KEY,
  plugin_id      TEXT NOT NULL,
  healing_log_id TEXT,
  created_at     TEXT NOT NULL,
  version        INTEGER NOT NULL,
  data           TEXT NOT NULL
);
CREATE INDEX snapshots_log_idx ON snapshots (healing_log_id);
CREATE INDEX snapshots_plugin_idx ON snapshots (plugin_id, created_at DESC);

CREATE TABLE commands (
  id             TEXT PRIMARY KEY,
  plugin_id      TEXT NOT NULL,
  healing_log_id TEXT,
  status         TEXT NOT NULL,
  created_at     TEXT NOT NULL,
  version        INTEGER NOT NULL,
  data           TEXT NOT NULL
);
CREATE INDEX commands_log_idx ON commands (healing_log_id);
CREATE INDEX commands_plugin_idx ON commands (plugin_id, created_at DESC);

CREATE TABLE rules (
  id      TEXT PRIMARY KEY,
  name    TEXT NOT NULL,
  active  INTEGER NOT NULL,
  version INTEGER NOT NULL,
  data    TEXT NOT NULL
);

CREATE TABLE pauses (
  id        TEXT PRIMARY KEY,
  rule_id   TEXT NOT NULL,
  plugin_id TEXT NOT NULL,
  active    INTEGER NOT NULL,
  version   INTEGER NOT NULL,
  data      TEXT NOT NULL
);
CREATE INDEX pauses_plugin_idx ON pauses (plugin_id);

CREATE TABLE approval_policy (
  id      TEXT PRIMARY KEY,
  version INTEGER NOT NULL,
  data    TEXT NOT NULL
);

CREATE TABLE mappings (
  id       TEXT PRIMARY KEY,
  platform TEXT NOT NULL,
  version  INTEGER NOT NULL,
  data     TEXT NOT NULL
);

CREATE TABLE sdk_patches (
  id           TEXT PRIMARY KEY,
  sdk_language TEXT NOT NULL,
  active       INTEGER NOT NULL,
  version      INTEGER NOT NULL,
  data         TEXT NOT NULL
);

-- Every version of every SDK patch (immutable once activated; `version` is the patch's version number).
CREATE TABLE sdk_patch_versions (
  id       TEXT PRIMARY KEY,
  patch_id TEXT NOT NULL,
  version  INTEGER NOT NULL,
  status   TEXT NOT NULL,
  data     TEXT NOT NULL
);
CREATE INDEX sdk_patch_versions_patch_idx ON sdk_patch_versions (patch_id, version);

-- Per-patch telemetry (success and rollback rates), refreshed from the backend's stats.
CREATE TABLE patch_stats (
  patch_id     TEXT PRIMARY KEY,
  data         TEXT NOT NULL,
  refreshed_at TEXT NOT NULL
);

-- Local decisions -----------------------------------------------------------------------------------------
-- A decision waits here until the backend accepts it (then it is deleted), refuses it with 409 (it
-- moves to conflicts) or refuses it otherwise (state 'rejected', kept for re-review).
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  profile_id      TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  log_id          TEXT NOT NULL,
  action          TEXT NOT NULL CHECK (action IN ('approve', 'reject', 'apply', 'rollback')),
  decision        TEXT NOT NULL,
  base_version    INTEGER NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'rejected')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  last_error      TEXT,
  decided_at      TEXT NOT NULL,
  last_attempt_at TEXT
);
CREATE INDEX outbox_queue_idx ON outbox (profile_id, state, id);
CREATE INDEX outbox_log_idx ON outbox (log_id);

CREATE TABLE conflicts (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  profile_id    TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
  log_id        TEXT NOT NULL,
  decision      TEXT NOT NULL,
  base_version  INTEGER NOT NULL,
  decided_at    TEXT NOT NULL,
  theirs        TEXT,
  error_code    TEXT NOT NULL,
  error_message TEXT NOT NULL,
  created_at    TEXT NOT NULL
);
CREATE INDEX conflicts_log_idx ON conflicts (log_id);
