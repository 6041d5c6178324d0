import type BetterSqlite3 from 'better-sqlite3';
import type { Decision, DecisionAction, OutboxItem, ResumeDecision } from '../../../src-shared/ipc/model.js';
import type { CacheDb } from '../cache-db.js';

interface OutboxRow {
  id: number;
  profile_id: string;
  /** Set for a healing-log decision; null for a resume (0003 checks that exactly one is set). */
  log_id: string | null;
  pause_id: string | null;
  action: DecisionAction | 'resume';
  decision: string;
  base_version: number;
  idempotency_key: string;
  state: 'queued' | 'rejected';
  attempts: number;
  last_error: string | null;
  decided_at: string;
  last_attempt_at: string | null;
}

/** An outbox item with the profile it belongs to. */
export type OutboxEntry = OutboxItem & { profileId: string };

/** What a decision is on: a healing log, or (to resume it) an auto-apply pause. */
export type OutboxTarget = { logId: string; decision: Decision } | { pauseId: string; decision: ResumeDecision };

export type NewOutboxItem = OutboxTarget & {
  profileId: string;
  baseVersion: number;
  idempotencyKey: string;
  decidedAt: string;
};

/** The target of an item, to queue the same decision again. */
export function targetOf(item: OutboxItem): OutboxTarget {
  return item.pauseId !== null ? { pauseId: item.pauseId, decision: item.decision } : { logId: item.logId, decision: item.decision };
}

/** Queued decisions (on healing logs, and resumes of pauses), in the order they were taken. */
export class OutboxRepository {
  private readonly s: {
    insert: BetterSqlite3.Statement;
    get: BetterSqlite3.Statement<[number], OutboxRow>;
    next: BetterSqlite3.Statement<[string], OutboxRow>;
    duplicate: BetterSqlite3.Statement<[string, string, string], OutboxRow>;
    duplicateResume: BetterSqlite3.Statement<[string, string], OutboxRow>;
    list: BetterSqlite3.Statement<[string], OutboxRow>;
    counts: BetterSqlite3.Statement<[string, string, string], { queued: number; rejected: number; others: number }>;
    attempt: BetterSqlite3.Statement<[string | null, string, number]>;
    reject: BetterSqlite3.Statement<[string, string, number]>;
    delete: BetterSqlite3.Statement<[number]>;
    rebase: BetterSqlite3.Statement<[number, string, string, number, number]>;
    deleteForProfile: BetterSqlite3.Statement<[string]>;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      insert: sql.prepare(
        `INSERT INTO outbox (profile_id, log_id, pause_id, action, decision, base_version, idempotency_key, decided_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      get: sql.prepare('SELECT * FROM outbox WHERE id = ?'),
      next: sql.prepare("SELECT * FROM outbox WHERE profile_id = ? AND state = 'queued' ORDER BY id LIMIT 1"),
      duplicate: sql.prepare("SELECT * FROM outbox WHERE profile_id = ? AND log_id = ? AND action = ? AND state = 'queued' ORDER BY id LIMIT 1"),
      duplicateResume: sql.prepare("SELECT * FROM outbox WHERE profile_id = ? AND pause_id = ? AND state = 'queued' ORDER BY id LIMIT 1"),
      list: sql.prepare('SELECT * FROM outbox WHERE profile_id = ? ORDER BY id'),
      counts: sql.prepare(
        `SELECT coalesce(sum(profile_id = ? AND state = 'queued'), 0) AS queued,
                coalesce(sum(profile_id = ? AND state = 'rejected'), 0) AS rejected,
                coalesce(sum(profile_id <> ? AND state = 'queued'), 0) AS others FROM outbox`,
      ),
      attempt: sql.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE id = ?'),
      reject: sql.prepare("UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE id = ?"),
      delete: sql.prepare('DELETE FROM outbox WHERE id = ?'),
      rebase: sql.prepare(
        `UPDATE outbox SET base_version = ? WHERE profile_id = ? AND log_id = ? AND state = 'queued'
            AND base_version = ? AND id > ?`,
      ),
      deleteForProfile: sql.prepare('DELETE FROM outbox WHERE profile_id = ?'),
    };
  }

  add(item: NewOutboxItem): OutboxEntry {
    const { lastInsertRowid } = this.s.insert.run(
      item.profileId,
      'logId' in item ? item.logId : null,
      'pauseId' in item ? item.pauseId : null,
      item.decision.action,
      JSON.stringify(item.decision),
      item.baseVersion,
      item.idempotencyKey,
      item.decidedAt,
    );
    this.cache.touched('outbox');
    return this.get(Number(lastInsertRowid))!;
  }

  get(id: number): OutboxEntry | undefined {
    const row = this.s.get.get(id);
    return row ? toEntry(row) : undefined;
  }

  /** The oldest decision still to send for this profile. */
  nextQueued(profileId: string): OutboxEntry | undefined {
    const row = this.s.next.get(profileId);
    return row ? toEntry(row) : undefined;
  }

  /** The same decision already waiting for this log (a double click must not queue it twice). */
  findQueued(profileId: string, logId: string, action: DecisionAction): OutboxEntry | undefined {
    const row = this.s.duplicate.get(profileId, logId, action);
    return row ? toEntry(row) : undefined;
  }

  /** The resume of this pause already waiting (a double click must not queue it twice). */
  findQueuedResume(profileId: string, pauseId: string): OutboxEntry | undefined {
    const row = this.s.duplicateResume.get(profileId, pauseId);
    return row ? toEntry(row) : undefined;
  }

  list(profileId: string): OutboxEntry[] {
    return this.s.list.all(profileId).map(toEntry);
  }

  counts(profileId: string): { queued: number; rejected: number; otherProfiles: number } {
    const row = this.s.counts.get(profileId, profileId, profileId)!;
    return { queued: row.queued, rejected: row.rejected, otherProfiles: row.others };
  }

  recordAttempt(id: number, error: string | null, at: string): void {
    this.s.attempt.run(error, at, id);
    this.cache.touched('outbox');
  }

  markRejected(id: number, error: string, at: string): void {
    this.s.reject.run(error, at, id);
    this.cache.touched('outbox');
  }

  delete(id: number): void {
    if (this.s.delete.run(id).changes > 0) this.cache.touched('outbox');
  }

  /**
   * After a decision on a log succeeded and moved it from `fromVersion` to `toVersion`, later
   * decisions the user took on that same view of the log follow it (approve then apply, offline).
   */
  rebase(item: OutboxEntry, toVersion: number): void {
    if (item.logId === null) return;
    if (this.s.rebase.run(toVersion, item.profileId, item.logId, item.baseVersion, item.id).changes > 0) this.cache.touched('outbox');
  }

  deleteForProfile(profileId: string): void {
    if (this.s.deleteForProfile.run(profileId).changes > 0) this.cache.touched('outbox');
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  const fields = {
    id: row.id,
    profileId: row.profile_id,
    baseVersion: row.base_version,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    decidedAt: row.decided_at,
    lastAttemptAt: row.last_attempt_at,
  };
  return row.pause_id !== null
    ? { ...fields, logId: null, pauseId: row.pause_id, decision: JSON.parse(row.decision) as ResumeDecision }
    : { ...fields, logId: row.log_id!, pauseId: null, decision: JSON.parse(row.decision) as Decision };
}
