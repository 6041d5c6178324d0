const ACTIVE_PROFILE = '(SELECT profile_id FROM sync_state WHERE id = 1)';

/** The first outbox item of a log, as JSON (null for synced logs, which have none). */
const PENDING_EXPRESSION = `CASE WHEN h.local_state = 'synced' THEN NULL ELSE (
  SELECT json_object('id', o.id, 'decision', json(o.decision), 'state', o.state, 'lastError', o.last_error)
    FROM outbox o WHERE o.log_id = h.id AND o.profile_id = ${ACTIVE_PROFILE} ORDER BY o.id LIMIT 1) END`;

/** A cached log's columns (over logs named `h`): what `toCachedLog` reads. */
export const CACHED_LOG_COLUMNS = `h.data, h.platform, h.local_state, ${PENDING_EXPRESSION} AS pending`;

export const SELECT_CACHED_LOG = `SELECT ${CACHED_LOG_COLUMNS} FROM healing_logs h`;

const INSERT_ROW = `INSERT INTO healing_logs
  (id, plugin_id, platform, status, severity, severity_rank, confidence, detected_issue, created_at, version, data)
  VALUES (?, ?, (SELECT cms FROM plugins WHERE id = ?), ?, ?, ?, ?, ?, ?, ?, ?)`;

/** Inserts a new row; an existing one is left to the update statements below (changes = 0). */
export const INSERT_LOG = `${INSERT_ROW} ON CONFLICT (id) DO NOTHING`;

/** The same while the id index is set aside (an initial load), for a log known to be new (see LogRowids). */
export const INSERT_NEW_LOG = INSERT_ROW;

/** The cached columns an update compares before choosing how much to rewrite, and the row's rowid and id. */
export interface IndexedLogColumns {
  rid: number;
  id: string;
  plugin_id: string;
  status: string;
  severity: string;
  confidence: number;
  detected_issue: string;
  created_at: string;
  version: number;
}

const SELECT_INDEXED = `SELECT rowid AS rid, id, plugin_id, status, severity, confidence, detected_issue, created_at, version
  FROM healing_logs`;
export const SELECT_INDEXED_BY_ID = `${SELECT_INDEXED} WHERE id = ?`;
export const SELECT_INDEXED_BY_ROWID = `${SELECT_INDEXED} WHERE rowid = ?`;

/**
 * Most feed updates change a log's version and JSON only (or its status): rewriting the columns
 * that did not change would rewrite every index entry of the row, so the narrowest statement is used.
 */
export const UPDATE_DATA_ONLY = 'UPDATE healing_logs SET version = ?, data = ? WHERE rowid = ?';
export const UPDATE_STATUS = 'UPDATE healing_logs SET status = ?, version = ?, data = ? WHERE rowid = ?';
export const UPDATE_ALL = `UPDATE healing_logs SET plugin_id = ?, platform = (SELECT cms FROM plugins WHERE id = ?), status = ?,
  severity = ?, severity_rank = ?, confidence = ?, detected_issue = ?, created_at = ?, version = ?, data = ? WHERE rowid = ?`;
