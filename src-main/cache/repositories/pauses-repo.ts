import type BetterSqlite3 from 'better-sqlite3';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import type { CacheDb } from '../cache-db.js';

const ACTIVE_PROFILE = '(SELECT profile_id FROM sync_state WHERE id = 1)';

/** The resume waiting for a pause, as JSON (null for synced pauses, which have none). */
const PENDING_EXPRESSION = `CASE WHEN p.local_state = 'synced' THEN NULL ELSE (
  SELECT json_object('id', o.id, 'state', o.state, 'lastError', o.last_error)
    FROM outbox o WHERE o.pause_id = p.id AND o.profile_id = ${ACTIVE_PROFILE} ORDER BY o.id LIMIT 1) END`;

interface CachedPauseRow {
  data: string;
  version: number;
  local_state: LocalState;
  pending: string | null;
}

/** A cached pause row as the feed (or a resume's answer) left it, with its local state. */
export interface CachedPauseEntry {
  /** The server row (feed rows lack `rule_name`: the caller names the rule from the cached rules). */
  row: Record<string, unknown>;
  version: number;
  localState: LocalState;
  pending: { id: number; state: 'queued' | 'rejected'; lastError: string | null } | null;
}

/**
 * The local side of auto-apply pauses: reads with their local state (kept by PendingStates).
 * Rows are written by the feed through the pause entity repository; this one never changes `data`.
 */
export class PausesRepository {
  private readonly s: {
    get: BetterSqlite3.Statement<[string], CachedPauseRow>;
    forPlugin: BetterSqlite3.Statement<[string], CachedPauseRow>;
  };

  constructor(cache: CacheDb) {
    const sql = cache.sql;
    const select = `SELECT p.data, p.version, p.local_state, ${PENDING_EXPRESSION} AS pending FROM pauses p`;
    this.s = {
      get: sql.prepare(`${select} WHERE p.id = ?`),
      forPlugin: sql.prepare(`${select} WHERE p.plugin_id = ? ORDER BY p.rowid`),
    };
  }

  get(id: string): CachedPauseEntry | undefined {
    const row = this.s.get.get(id);
    return row ? toEntry(row) : undefined;
  }

  /** Every cached pause of a plugin (in force or resumed). */
  forPlugin(pluginId: string): CachedPauseEntry[] {
    return this.s.forPlugin.all(pluginId).map(toEntry);
  }
}

function toEntry(row: CachedPauseRow): CachedPauseEntry {
  return {
    row: JSON.parse(row.data) as Record<string, unknown>,
    version: row.version,
    localState: row.local_state,
    pending: row.pending === null ? null : (JSON.parse(row.pending) as CachedPauseEntry['pending']),
  };
}
