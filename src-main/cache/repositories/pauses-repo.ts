import type BetterSqlite3 from 'better-sqlite3';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import type { CacheDb } from '../cache-db.js';

const ACTIVE_PROFILE = '(SELECT profile_id FROM sync_state WHERE id = 1)';

/** The local state a pause should show, from the active profile's outbox and conflicts (as for logs). */
const LOCAL_STATE_EXPRESSION = `CASE
  WHEN EXISTS (SELECT 1 FROM conflicts c WHERE c.pause_id = pauses.id AND c.profile_id = ${ACTIVE_PROFILE}) THEN 'conflict'
  WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.pause_id = pauses.id AND o.profile_id = ${ACTIVE_PROFILE} AND o.state = 'rejected') THEN 'rejected'
  WHEN EXISTS (SELECT 1 FROM outbox o WHERE o.pause_id = pauses.id AND o.profile_id = ${ACTIVE_PROFILE} AND o.state = 'queued') THEN 'queued'
  ELSE 'synced' END`;

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
 * The local side of auto-apply pauses: reads with their local state and keeping that state right.
 * Rows are written by the feed through the pause entity repository; this one never changes `data`.
 */
export class PausesRepository {
  private readonly s: {
    get: BetterSqlite3.Statement<[string], CachedPauseRow>;
    forPlugin: BetterSqlite3.Statement<[string], CachedPauseRow>;
    refresh: BetterSqlite3.Statement<[string]>;
    reconcileFlagged: BetterSqlite3.Statement<[]>;
    reconcileReferenced: BetterSqlite3.Statement<[]>;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    const select = `SELECT p.data, p.version, p.local_state, ${PENDING_EXPRESSION} AS pending FROM pauses p`;
    // Each update writes (and so announces) only rows whose state really changes.
    const update = `UPDATE pauses SET local_state = ${LOCAL_STATE_EXPRESSION} WHERE local_state <> ${LOCAL_STATE_EXPRESSION}`;
    this.s = {
      get: sql.prepare(`${select} WHERE p.id = ?`),
      forPlugin: sql.prepare(`${select} WHERE p.plugin_id = ? ORDER BY p.rowid`),
      refresh: sql.prepare(`${update} AND id = ?`),
      // Only rows that show a local state, or that the outbox or conflicts name, can need a change.
      reconcileFlagged: sql.prepare(`${update} AND local_state <> 'synced'`),
      reconcileReferenced: sql.prepare(
        `${update} AND id IN (SELECT pause_id FROM outbox WHERE pause_id IS NOT NULL
                              UNION SELECT pause_id FROM conflicts WHERE pause_id IS NOT NULL)`,
      ),
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

  /** Recomputes one pause's local state from the outbox and conflicts. */
  refreshLocalState(id: string): void {
    if (this.s.refresh.run(id).changes > 0) this.cache.touched('pauses');
  }

  /** Recomputes every pause whose local state may be stale (after a feed page or a profile switch). */
  reconcileLocalStates(): void {
    const changed = this.s.reconcileFlagged.run().changes + this.s.reconcileReferenced.run().changes;
    if (changed > 0) this.cache.touched('pauses');
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
