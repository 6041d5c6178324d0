-- A log's id gets a unique index of its own instead of the primary key's. The feed brings logs in
-- random id order, so during an initial sync every transaction rewrote most pages of the primary
-- key's index: for 100,000 logs the WAL grew to about 300 MB instead of 110 MB. An index of its own
-- is set aside during the load and built once at the end, like the others (see BulkLoad; meanwhile
-- BulkLogIds finds the logs by rowid). SQLite cannot drop a primary key in place: the table is rebuilt,
-- keeping its rows and rowids, and its indexes are recreated as migrations 0001, 0004 and 0005 left
-- them (an index that a bulk load cut short had set aside is recreated too, and its record dropped).
CREATE TABLE healing_logs_rebuilt (
  id             TEXT NOT NULL,
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
INSERT INTO healing_logs_rebuilt
  (rowid, id, plugin_id, platform, status, severity, severity_rank, confidence, detected_issue, created_at, version, data, local_state)
  SELECT rowid, id, plugin_id, platform, status, severity, severity_rank, confidence, detected_issue, created_at, version, data, local_state
    FROM healing_logs;
DROP TABLE healing_logs;
ALTER TABLE healing_logs_rebuilt RENAME TO healing_logs;

CREATE UNIQUE INDEX healing_logs_id_idx ON healing_logs (id);
CREATE INDEX healing_logs_queue_conf_asc_idx ON healing_logs (status, severity_rank DESC, confidence ASC, created_at DESC, id);
CREATE INDEX healing_logs_status_created_idx ON healing_logs (status, created_at DESC, id);
CREATE INDEX healing_logs_created_idx ON healing_logs (created_at DESC, id);
CREATE INDEX healing_logs_plugin_idx ON healing_logs (plugin_id, created_at DESC);
CREATE INDEX healing_logs_local_state_idx ON healing_logs (local_state) WHERE local_state <> 'synced';
CREATE INDEX healing_logs_urgency_idx ON healing_logs (status, severity_rank DESC, created_at ASC, confidence ASC, id);
DELETE FROM deferred_indexes WHERE name IN (
  'healing_logs_queue_conf_asc_idx', 'healing_logs_status_created_idx', 'healing_logs_created_idx',
  'healing_logs_plugin_idx', 'healing_logs_urgency_idx'
);
