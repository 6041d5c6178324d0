import type BetterSqlite3 from 'better-sqlite3';
import type { Conflict } from '../../../src-shared/ipc/conflicts.js';
import type { Decision, ResumeDecision } from '../../../src-shared/ipc/model.js';
import type { CacheDb } from '../cache-db.js';
import type { OutboxTarget } from './outbox-repo.js';

interface ConflictRow {
  id: number;
  profile_id: string;
  /** Exactly one of log_id and pause_id is set (0003 checks it). */
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

export type ConflictEntry = Conflict & { profileId: string };

export type NewConflict = OutboxTarget & {
  profileId: string;
  baseVersion: number;
  decidedAt: string;
  theirs: Record<string, unknown> | null;
  code: string;
  message: string;
  createdAt: string;
};

/** Decisions (on logs or pauses) the server refused with 409, waiting for the user to resolve. */
export class ConflictsRepository {
  private readonly s: {
    insert: BetterSqlite3.Statement;
    get: BetterSqlite3.Statement<[number], ConflictRow>;
    list: BetterSqlite3.Statement<[string], ConflictRow>;
    count: BetterSqlite3.Statement<[string], { n: number }>;
    delete: BetterSqlite3.Statement<[number]>;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      insert: sql.prepare(
        `INSERT INTO conflicts (profile_id, log_id, pause_id, decision, base_version, decided_at, theirs, error_code, error_message, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: sql.prepare('SELECT * FROM conflicts WHERE id = ?'),
      list: sql.prepare('SELECT * FROM conflicts WHERE profile_id = ? ORDER BY id'),
      count: sql.prepare('SELECT count(*) AS n FROM conflicts WHERE profile_id = ?'),
      delete: sql.prepare('DELETE FROM conflicts WHERE id = ?'),
    };
  }

  add(conflict: NewConflict): number {
    const { lastInsertRowid } = this.s.insert.run(
      conflict.profileId,
      'logId' in conflict ? conflict.logId : null,
      'pauseId' in conflict ? conflict.pauseId : null,
      JSON.stringify(conflict.decision),
      conflict.baseVersion,
      conflict.decidedAt,
      conflict.theirs === null ? null : JSON.stringify(conflict.theirs),
      conflict.code,
      conflict.message,
      conflict.createdAt,
    );
    this.cache.touched('conflicts');
    return Number(lastInsertRowid);
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
    if (this.s.delete.run(id).changes > 0) this.cache.touched('conflicts');
  }
}

function toEntry(row: ConflictRow): ConflictEntry {
  const fields = {
    id: row.id,
    profileId: row.profile_id,
    theirs: row.theirs === null ? null : (JSON.parse(row.theirs) as Record<string, unknown>),
    error: { code: row.error_code, message: row.error_message },
    createdAt: row.created_at,
  };
  const mine = { baseVersion: row.base_version, decidedAt: row.decided_at };
  return row.pause_id !== null
    ? { ...fields, logId: null, pauseId: row.pause_id, mine: { ...mine, decision: JSON.parse(row.decision) as ResumeDecision } }
    : { ...fields, logId: row.log_id!, pauseId: null, mine: { ...mine, decision: JSON.parse(row.decision) as Decision } };
}
