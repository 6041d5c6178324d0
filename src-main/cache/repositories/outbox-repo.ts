import type BetterSqlite3 from 'better-sqlite3';
import type { CacheDb } from '../cache-db.js';
import type { PendingStates } from './pending-states.js';
import { TargetedTable, targetedFields, type Targeted, type TargetedRow } from './targeted-table.js';

interface OutboxRow extends TargetedRow {
  action: string;
  decision: string;
  base_version: number;
  idempotency_key: string;
  state: 'queued' | 'rejected';
  attempts: number;
  last_error: string | null;
  decided_at: string;
  last_attempt_at: string | null;
}

/** A decision as stored: its action, and what else its kind puts in it. */
export type StoredDecision = { action: string } & Record<string, unknown>;

/** A queued (or refused) decision, with the profile it belongs to and the target its kind names. */
export interface OutboxEntry extends Targeted {
  decision: StoredDecision;
  baseVersion: number;
  idempotencyKey: string;
  state: 'queued' | 'rejected';
  attempts: number;
  lastError: string | null;
  decidedAt: string;
  lastAttemptAt: string | null;
}

export type NewOutboxItem = Pick<OutboxEntry, 'profileId' | 'kind' | 'targetId' | 'decision' | 'baseVersion' | 'idempotencyKey' | 'decidedAt'>;

/**
 * Queued decisions of every kind, in the order they were taken. Each write keeps its target's
 * pending state in step (PendingStates), in the same transaction.
 */
export class OutboxRepository {
  private readonly rows: TargetedTable<OutboxRow>;
  private readonly s: {
    next: BetterSqlite3.Statement<[string], OutboxRow>;
    duplicate: BetterSqlite3.Statement<[string, string, string, string], OutboxRow>;
    list: BetterSqlite3.Statement<[string], OutboxRow>;
    counts: BetterSqlite3.Statement<[string, string, string], { queued: number; rejected: number; others: number }>;
    attempt: BetterSqlite3.Statement<[string | null, string, number]>;
    reject: BetterSqlite3.Statement<[string, string, number], { kind: string; target_id: string }>;
    rebase: BetterSqlite3.Statement<[number, string, string, string, number, number]>;
    deleteForProfile: BetterSqlite3.Statement<[string]>;
  };

  constructor(
    private readonly cache: CacheDb,
    private readonly pending: PendingStates,
  ) {
    const sql = cache.sql;
    this.rows = new TargetedTable(cache, pending, 'outbox', ['action', 'decision', 'base_version', 'idempotency_key', 'decided_at']);
    this.s = {
      next: sql.prepare("SELECT * FROM outbox WHERE profile_id = ? AND state = 'queued' ORDER BY id LIMIT 1"),
      duplicate: sql.prepare(
        "SELECT * FROM outbox WHERE profile_id = ? AND kind = ? AND target_id = ? AND action = ? AND state = 'queued' ORDER BY id LIMIT 1",
      ),
      list: sql.prepare('SELECT * FROM outbox WHERE profile_id = ? ORDER BY id'),
      counts: sql.prepare(
        `SELECT coalesce(sum(profile_id = ? AND state = 'queued'), 0) AS queued,
                coalesce(sum(profile_id = ? AND state = 'rejected'), 0) AS rejected,
                coalesce(sum(profile_id <> ? AND state = 'queued'), 0) AS others FROM outbox`,
      ),
      attempt: sql.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE id = ?'),
      reject: sql.prepare(
        "UPDATE outbox SET state = 'rejected', attempts = attempts + 1, last_error = ?, last_attempt_at = ? WHERE id = ? RETURNING kind, target_id",
      ),
      rebase: sql.prepare(
        `UPDATE outbox SET base_version = ? WHERE profile_id = ? AND kind = ? AND target_id = ? AND state = 'queued'
            AND base_version = ? AND id > ?`,
      ),
      deleteForProfile: sql.prepare('DELETE FROM outbox WHERE profile_id = ?'),
    };
  }

  add(item: NewOutboxItem): OutboxEntry {
    const id = this.rows.insert({
      profile_id: item.profileId,
      kind: item.kind,
      target_id: item.targetId,
      action: item.decision.action,
      decision: JSON.stringify(item.decision),
      base_version: item.baseVersion,
      idempotency_key: item.idempotencyKey,
      decided_at: item.decidedAt,
    });
    return this.get(id)!;
  }

  get(id: number): OutboxEntry | undefined {
    const row = this.rows.get(id);
    return row ? toEntry(row) : undefined;
  }

  /** The oldest decision still to send for this profile. */
  nextQueued(profileId: string): OutboxEntry | undefined {
    const row = this.s.next.get(profileId);
    return row ? toEntry(row) : undefined;
  }

  /** The same decision already waiting on this target (a double click must not queue it twice). */
  findQueued(profileId: string, kind: string, targetId: string, action: string): OutboxEntry | undefined {
    const row = this.s.duplicate.get(profileId, kind, targetId, action);
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
    this.rows.write(() => {
      const target = this.s.reject.get(error, at, id);
      return target ? [target] : [];
    });
  }

  delete(id: number): void {
    this.rows.delete(id);
  }

  /**
   * After a decision succeeded and moved its target from `fromVersion` to `toVersion`, later
   * decisions the user took on that same view of the target follow it (approve then apply, offline).
   */
  rebase(item: OutboxEntry, toVersion: number): void {
    const { profileId, kind, targetId, baseVersion, id } = item;
    if (this.s.rebase.run(toVersion, profileId, kind, targetId, baseVersion, id).changes > 0) this.cache.touched('outbox');
  }

  deleteForProfile(profileId: string): void {
    this.cache.transaction(() => {
      if (this.s.deleteForProfile.run(profileId).changes === 0) return;
      this.cache.touched('outbox');
      this.pending.reconcile();
    });
  }
}

function toEntry(row: OutboxRow): OutboxEntry {
  return {
    ...targetedFields(row),
    decision: JSON.parse(row.decision) as StoredDecision,
    baseVersion: row.base_version,
    idempotencyKey: row.idempotency_key,
    state: row.state,
    attempts: row.attempts,
    lastError: row.last_error,
    decidedAt: row.decided_at,
    lastAttemptAt: row.last_attempt_at,
  };
}
