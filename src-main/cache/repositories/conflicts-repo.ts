import type BetterSqlite3 from 'better-sqlite3';
import type { CacheDb } from '../cache-db.js';
import type { StoredDecision } from './outbox-repo.js';
import type { PendingStates } from './pending-states.js';

interface ConflictRow {
  id: number;
  profile_id: string;
  kind: string;
  target_id: string;
  /** Computed from (kind, target_id) for the healing-log and pause kinds (0007); null for others. */
  log_id: string | null;
  pause_id: string | null;
  decision: string;
  base_version: number;
  decided_at: string;
  theirs: string | null;
  error_code: string;
  error_message: string;
  created_at: string;
}

/** A decision the server refused with 409, with the profile it belongs to and its kind's target. */
export interface ConflictEntry {
  id: number;
  profileId: string;
  kind: string;
  targetId: string;
  logId: string | null;
  pauseId: string | null;
  mine: { decision: StoredDecision; baseVersion: number; decidedAt: string };
  theirs: Record<string, unknown> | null;
  error: { code: string; message: string };
  createdAt: string;
}

export interface NewConflict {
  profileId: string;
  kind: string;
  targetId: string;
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
  private readonly s: {
    insert: BetterSqlite3.Statement;
    get: BetterSqlite3.Statement<[number], ConflictRow>;
    list: BetterSqlite3.Statement<[string], ConflictRow>;
    count: BetterSqlite3.Statement<[string], { n: number }>;
    delete: BetterSqlite3.Statement<[number], { kind: string; target_id: string }>;
  };

  constructor(
    private readonly cache: CacheDb,
    private readonly pending: PendingStates,
  ) {
    const sql = cache.sql;
    this.s = {
      insert: sql.prepare(
        `INSERT INTO conflicts (profile_id, kind, target_id, decision, base_version, decided_at, theirs, error_code, error_message, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: sql.prepare('SELECT * FROM conflicts WHERE id = ?'),
      list: sql.prepare('SELECT * FROM conflicts WHERE profile_id = ? ORDER BY id'),
      count: sql.prepare('SELECT count(*) AS n FROM conflicts WHERE profile_id = ?'),
      delete: sql.prepare('DELETE FROM conflicts WHERE id = ? RETURNING kind, target_id'),
    };
  }

  add(conflict: NewConflict): number {
    return this.cache.transaction(() => {
      const { lastInsertRowid } = this.s.insert.run(
      conflict.profileId,
      conflict.kind,
      conflict.targetId,
      JSON.stringify(conflict.decision),
      conflict.baseVersion,
      conflict.decidedAt,
      conflict.theirs === null ? null : JSON.stringify(conflict.theirs),
      conflict.code,
      conflict.message,
      conflict.createdAt,
      );
      this.cache.touched('conflicts');
      this.pending.refresh(conflict.kind, conflict.targetId);
      return Number(lastInsertRowid);
    });
  }

  get(id: number): ConflictEntry | undefined {
    const row = this.s.get.get(id);
    return row ? toEntry(row) : undefined;
  }

  list(profileId: string): ConflictEntry[] {
    return this.s.list.all(profileId).map(toEntry);
  }

  count(profileId: string): number {
    return this.s.count.get(profileId)!.n;
  }

  delete(id: number): void {
    this.cache.transaction(() => {
      const target = this.s.delete.get(id);
      if (!target) return;
      this.cache.touched('conflicts');
      this.pending.refresh(target.kind, target.target_id);
    });
  }
}

function toEntry(row: ConflictRow): ConflictEntry {
  return {
    id: row.id,
    profileId: row.profile_id,
    kind: row.kind,
    targetId: row.target_id,
    logId: row.log_id,
    pauseId: row.pause_id,
    mine: { decision: JSON.parse(row.decision) as StoredDecision, baseVersion: row.base_version, decidedAt: row.decided_at },
    theirs: row.theirs === null ? null : (JSON.parse(row.theirs) as Record<string, unknown>),
    error: { code: row.error_code, message: row.error_message },
    createdAt: row.created_at,
  };
}
