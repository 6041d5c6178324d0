import type BetterSqlite3 from 'better-sqlite3';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import type { CacheDb } from '../cache-db.js';
import type { CacheTable } from '../tables.js';

/** Where a kind of queued decision shows as pending: a table with `id` and `local_state` columns. */
export interface LocalRow {
  kind: string;
  localTable: CacheTable;
}

interface Statements {
  table: CacheTable;
  state: BetterSqlite3.Statement<{ kind: string; id: string }, LocalState>;
  refresh: BetterSqlite3.Statement<{ kind: string; id: string }>;
  reconcileFlagged: BetterSqlite3.Statement<{ kind: string }>;
  reconcileReferenced: BetterSqlite3.Statement<{ kind: string }>;
}

/**
 * Keeps the `local_state` column of every kind's rows equal to what `pending_targets` derives from
 * the outbox and conflicts. The outbox and conflicts repositories call it on each of their writes,
 * in the same transaction; the feed applier after each page (a row may arrive after its decision).
 * Nobody else writes `local_state`.
 */
export class PendingStates {
  private readonly kinds = new Map<string, Statements>();
  private readonly anyReferenced: BetterSqlite3.Statement<[], number>;

  constructor(
    private readonly cache: CacheDb,
    rows: readonly LocalRow[],
  ) {
    const sql = cache.sql;
    this.anyReferenced = sql.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM outbox) OR EXISTS (SELECT 1 FROM conflicts)').pluck();
    for (const { kind, localTable: table } of rows) {
      const derived = `coalesce((SELECT local_state FROM pending_targets WHERE kind = :kind AND target_id = :id), 'synced')`;
      this.kinds.set(kind, {
        table,
        state: sql.prepare<{ kind: string; id: string }, LocalState>(`SELECT local_state FROM ${table} WHERE id = :id`).pluck(),
        // Writes (and so announces) the row only when its state really changes.
        refresh: sql.prepare(`UPDATE ${table} SET local_state = ${derived} WHERE id = :id AND local_state <> ${derived}`),
        // Set-based: the view is computed once per statement, not once per row.
        reconcileFlagged: sql.prepare(
          `UPDATE ${table} SET local_state = 'synced' WHERE local_state <> 'synced'
              AND id NOT IN (SELECT target_id FROM pending_targets WHERE kind = :kind)`,
        ),
        reconcileReferenced: sql.prepare(
          `UPDATE ${table} AS t SET local_state = p.local_state FROM pending_targets AS p
            WHERE p.kind = :kind AND t.id = p.target_id AND t.local_state <> p.local_state`,
        ),
      });
    }
  }

  /** The state the target's cached row shows (undefined when it is not cached). */
  stateOf(kind: string, id: string): LocalState | undefined {
    return this.of(kind).state.get({ kind, id });
  }

  /** Recomputes one target's state (after a write to the outbox or conflicts about it). */
  refresh(kind: string, id: string): void {
    const s = this.of(kind);
    if (s.refresh.run({ kind, id }).changes > 0) this.cache.touched(s.table);
  }

  /** Recomputes every row whose state may be stale (after a feed page, a profile's decisions dropped). */
  reconcile(): void {
    // Without outbox items or conflicts nothing is referenced; skipping the statement matters while
    // the logs' id index is set aside (an initial load), when it would read the whole table per chunk.
    const referenced = this.anyReferenced.get() === 1;
    for (const [kind, s] of this.kinds) {
      // Rows no longer pending go back to 'synced'; rows pending take the view's state.
      const changed = s.reconcileFlagged.run({ kind }).changes + (referenced ? s.reconcileReferenced.run({ kind }).changes : 0);
      if (changed > 0) this.cache.touched(s.table);
    }
  }

  private of(kind: string): Statements {
    const s = this.kinds.get(kind);
    if (!s) throw new Error(`no outbox kind "${kind}" is registered`);
    return s;
  }
}
