import { HealingLogSchema } from '../../src-shared/schemas/autoheal.js';
import { PauseSchema } from '../../src-shared/schemas/pauses.js';
import type { BackendClient } from '../backend/backend-client.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { OutboxEntry } from '../cache/repositories/outbox-repo.js';

/**
 * What differs between the two kinds of outbox target, a healing log and an auto-apply pause: the
 * route a decision goes to, what its answer changes in the cache, and what a 409 means. The pusher
 * and the services keep one flow for both.
 */

/** The row a queued decision or a conflict is about (exactly one of the two is set). */
export interface TargetRef {
  logId?: string | null;
  pauseId?: string | null;
}

/** Recomputes the local state of the row `target` names (in the caller's transaction). */
export function refreshTarget(repos: Repositories, target: TargetRef): void {
  if (target.pauseId) repos.pauses.refreshLocalState(target.pauseId);
  else if (target.logId) repos.logs.refreshLocalState(target.logId);
}

/** Names the target in messages and logs. */
export function describeTarget(target: TargetRef): string {
  return target.pauseId ? `auto-apply pause ${target.pauseId}` : `healing log ${target.logId}`;
}

export interface SendOptions {
  attempts: number;
  signal: AbortSignal;
}

/**
 * Sends one decision with the idempotency key it was given when taken and the version it was
 * taken on (If-Match); resolves with the cache writes that record the server's answer.
 */
export async function sendItem(client: BackendClient, item: OutboxEntry, options: SendOptions): Promise<(repos: Repositories) => void> {
  const http = { idempotencyKey: item.idempotencyKey, ifMatch: item.baseVersion, ...options };
  if (item.pauseId !== null) {
    const { action: _resume, ...body } = item.decision;
    const pause = await client.request('POST', `/api/v1/plugins/autoheal/pauses/${encodeURIComponent(item.pauseId)}/resume`, {
      schema: PauseSchema,
      body,
      ...http,
    });
    return (repos) => repos.entities.pause.upsert(pause);
  }
  const answer = await client.decide(item.logId, item.decision, http);
  return (repos) => {
    repos.logs.upsert(answer.log);
    repos.outbox.rebase(item, answer.log.version);
  };
}

/** What a 409 means for one item. */
export type ConflictReading =
  /** The server already holds what the decision asked for: cache its row, nothing to resolve. */
  | { kind: 'already_done'; cache: (repos: Repositories) => void }
  /** The row moved on: a conflict for the user, with the server's row when it sent one. */
  | { kind: 'conflict'; theirs: Record<string, unknown> | null };

/**
 * Reads a 409's `details.current`. A resume refused because the pause is no longer in force
 * (resumed meanwhile by someone else, so stale or already resumed) has reached its goal: auto-apply
 * runs again, and asking the user to choose would offer nothing. Any other 409 is a conflict.
 */
export function readConflict(item: OutboxEntry, current: unknown): ConflictReading {
  if (item.pauseId !== null) {
    const pause = PauseSchema.safeParse(current);
    if (pause.success && pause.data.id === item.pauseId && pause.data.resumed_at !== null) {
      return { kind: 'already_done', cache: (repos) => repos.entities.pause.upsert(pause.data) };
    }
  }
  return { kind: 'conflict', theirs: current !== null && typeof current === 'object' ? (current as Record<string, unknown>) : null };
}

/** Checks a conflict's server row for a log before caching it. */
export function parseServerLog(value: unknown) {
  const parsed = HealingLogSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** Checks a conflict's server row for a pause before caching it. */
export function parseServerPause(value: unknown) {
  const parsed = PauseSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
