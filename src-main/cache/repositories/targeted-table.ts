import type BetterSqlite3 from 'better-sqlite3';
import type { CacheDb } from '../cache-db.js';
import type { PendingStates } from './pending-states.js';

/** The columns every outbox item and conflict has: whose it is and which kind's target it is on. */
export interface TargetedRow {
  id: number;
  profile_id: string;
  kind: string;
  target_id: string;
  /** Computed from (kind, target_id) for the healing-log and pause kinds (0007); null for others. */
  log_id: string | null;
  pause_id: string | null;
}

/** The same, as entries carry them. */
export interface Targeted {
  id: number;
  profileId: string;
  /** The key of the outbox kind (see src-main/outbox). */
  kind: string;
  targetId: string;
  logId: string | null;
  pauseId: string | null;
}

export function targetedFields(row: TargetedRow): Targeted {
  return { id: row.id, profileId: row.profile_id, kind: row.kind, targetId: row.target_id, logId: row.log_id, pauseId: row.pause_id };
}

type Target = { kind: string; target_id: string };

/**
 * The writes the outbox and conflicts tables share: each announces the table and recomputes the
 * pending state of the target it changed (PendingStates), in one transaction.
 */
export class TargetedTable<Row extends TargetedRow> {
  private readonly insertStatement: BetterSqlite3.Statement<[Record<string, unknown>]>;
  private readonly getStatement: BetterSqlite3.Statement<[number], Row>;
  private readonly deleteStatement: BetterSqlite3.Statement<[number], Target>;

  constructor(
    private readonly cache: CacheDb,
    private readonly pending: PendingStates,
    private readonly table: 'outbox' | 'conflicts',
    /** The columns an insert sets, beside profile_id, kind and target_id. */
    columns: readonly string[],
  ) {
    const all = ['profile_id', 'kind', 'target_id', ...columns];
    this.insertStatement = cache.sql.prepare(`INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((c) => `@${c}`).join(', ')})`);
    this.getStatement = cache.sql.prepare(`SELECT * FROM ${table} WHERE id = ?`);
    this.deleteStatement = cache.sql.prepare(`DELETE FROM ${table} WHERE id = ? RETURNING kind, target_id`);
  }

  insert(row: Target & { profile_id: string } & Record<string, unknown>): number {
    let id = 0;
    this.write(() => {
      id = Number(this.insertStatement.run(row).lastInsertRowid);
      return [row];
    });
    return id;
  }

  get(id: number): Row | undefined {
    return this.getStatement.get(id);
  }

  delete(id: number): void {
    this.write(() => {
      const target = this.deleteStatement.get(id);
      return target ? [target] : [];
    });
  }

  /** Runs a write that reports the targets it changed; announces the table and refreshes them. */
  write(run: () => readonly Target[]): void {
    this.cache.transaction(() => {
      const targets = run();
      if (targets.length > 0) this.cache.touched(this.table);
      for (const target of targets) this.pending.refresh(target.kind, target.target_id);
    });
  }
}
