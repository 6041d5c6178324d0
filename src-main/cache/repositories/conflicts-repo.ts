import type BetterSqlite3 from 'better-sqlite3';
import type { CacheDb } from '../cache-db.js';
import type { StoredDecision } from './outbox-repo.js';
import type { PendingStates } from './pending-states.js';
import { TargetedTable, targetedFields, type Targeted, type TargetedRow } from './targeted-table.js';

interface ConflictRow extends TargetedRow {
  decision: string;
  base_version: number;
  decided_at: string;
  theirs: string | null;
  error_code: string;
  error_message: string;
  created_at: string;
}

/** A decision the server refused with 409, with the profile it belongs to and its kind's target. */
export interface ConflictEntry extends Targeted {
  mine: { decision: StoredDecision; baseVersion: number; decidedAt: string };
  theirs: Record<string, unknown> | null;
  error: { code: string; message: string };
  createdAt: string;
}

export interface NewConflict extends Omit<Targeted, 'id' | 'logId' | 'pauseId'> {
  decision: StoredDecision;
  baseVersion: number;
  decidedAt: string;
  theirs: Record<string, unknown> | null;
  code: string;
  message: string;
  createdAt: string;
}

/**
 * Decisions of every kind the server refused with 409, waiting for the user to resolve. Each write
 * keeps its target's pending state in step (PendingStates), in the same transaction.
 */
export class ConflictsRepository {
  private readonly rows: TargetedTable<ConflictRow>;
  private readonly s: {
    list: BetterSqlite3.Statement<[string], ConflictRow>;
    count: BetterSqlite3.Statement<[string], { n: number }>;
  };

  constructor(cache: CacheDb, pending: PendingStates) {
    this.rows = new TargetedTable(cache, pending, 'conflicts', [
      'decision',
      'base_version',
      'decided_at',
      'theirs',
      'error_code',
      'error_message',
      'created_at',
    ]);
    this.s = {
      list: cache.sql.prepare('SELECT * FROM conflicts WHERE profile_id = ? ORDER BY id'),
      count: cache.sql.prepare('SELECT count(*) AS n FROM conflicts WHERE profile_id = ?'),
    };
  }

  add(conflict: NewConflict): number {
    return this.rows.insert({
      profile_id: conflict.profileId,
      kind: conflict.kind,
      target_id: conflict.targetId,
      decision: JSON.stringify(conflict.decision),
      base_version: conflict.baseVersion,
      decided_at: conflict.decidedAt,
      theirs: conflict.theirs === null ? null : JSON.stringify(conflict.theirs),
      error_code: conflict.code,
      error_message: conflict.message,
      created_at: conflict.createdAt,
    });
  }

  get(id: number): ConflictEntry | undefined {
    const row = this.rows.get(id);
    return row ? toEntry(row) : undefined;
  }

  list(profileId: string): ConflictEntry[] {
    return this.s.list.all(profileId).map(toEntry);
  }

  count(profileId: string): number {
    return this.s.count.get(profileId)!.n;
  }

  delete(id: number): void {
    this.rows.delete(id);
  }
}

function toEntry(row: ConflictRow): ConflictEntry {
  return {
    ...targetedFields(row),
    mine: { decision: JSON.parse(row.decision) as StoredDecision, baseVersion: row.base_version, decidedAt: row.decided_at },
    theirs: row.theirs === null ? null : (JSON.parse(row.theirs) as Record<string, unknown>),
    error: { code: row.error_code, message: row.error_message },
    createdAt: row.created_at,
  };
}
