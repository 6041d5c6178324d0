import { BackendHttpError, BackendResponseError, isRetryable } from '../backend/backend-errors.js';
import type { BackendClient } from '../backend/backend-client.js';
import { backoffDelay, type BackoffPolicy } from '../backend/retry.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { OutboxEntry } from '../cache/repositories/outbox-repo.js';
import { Emitter } from '../util/emitter.js';
import { describeError, silentLog, type LogFn } from '../util/log.js';

export interface OutboxPusherOptions {
  repos: Repositories;
  client: BackendClient;
  profileId: string;
  log?: LogFn;
  /** Between failed rounds (default 1 s doubling to 60 s, with jitter). */
  retry?: BackoffPolicy;
  /** HTTP attempts per decision inside one round (default 2). */
  attemptsPerSend?: number;
  random?: () => number;
  now?: () => Date;
}

/** What one push round did. */
export interface PushRound {
  sent: number;
  conflicts: number;
  rejected: number;
  /** Why the round stopped early (the rest stays queued and is retried later). */
  error: string | null;
  /** What stopped it: the backend unreachable (network, 429, 5xx), its refusal of the token, or `stop()`. */
  stoppedBy: 'unreachable' | 'token' | 'stopped' | null;
}

type Settled = { outcome: 'sent' | 'conflict' | 'rejected'; message?: string; code?: string };
type Outcome = Settled | { stop: string; cause: 'unreachable' | 'token' | 'stopped'; retryAfterMs?: number };

/** One decision that left the queue (sent, turned into a conflict, or refused). */
export interface SettledItem {
  id: number;
  /** Its outbox kind and target (and, for the healing-log and pause kinds, the log or pause). */
  kind: string;
  targetId: string;
  logId: string | null;
  pauseId: string | null;
  outcome: 'sent' | 'conflict' | 'rejected';
  /** The backend's reason for a conflict or a refusal (null when sent). */
  message: string | null;
  /** The backend's error code of a conflict or a refusal (API_ERROR_CODES; null when sent). */
  code: string | null;
}

/**
 * Sends the outbox in order, whatever the kind of each decision (its module says how to send it,
 * what its answer caches and what a 409 means). A decision the backend accepts leaves the outbox in
 * the same transaction that caches the server's answer; a 409 becomes a conflict (unless the kind
 * reads it as done, e.g. a resume of a pause the server already resumed); another
 * 4xx marks it rejected (kept for re-review) and the round goes on; a network error, 429 or 5xx
 * stops the round and schedules another with backoff, even if the user decides nothing more. Each
 * decision keeps the idempotency key it was given when taken, so sending it again after a crash is
 * harmless.
 */
export class OutboxPusher {
  private running: Promise<PushRound> | undefined;
  private again = false;
  private failedRounds = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Aborts a send in flight on stop (safe: the decision stays queued with its idempotency key). */
  private readonly controller = new AbortController();
  private readonly pushed = new Emitter<PushRound>();
  private readonly settled = new Emitter<SettledItem>();
  /** Fires after every round. */
  readonly onDidPush = this.pushed.event;
  /** Fires once a decision's outcome is committed to the cache. */
  readonly onDidSettleItem = this.settled.event;
  /** When the next retry runs (null when none is scheduled). */
  nextAttemptAt: Date | null = null;
  lastError: string | null = null;

  constructor(private readonly options: OutboxPusherOptions) {}

  /** Pushes now; when a round is already running, another follows it and this resolves with that one. */
  push(): Promise<PushRound> {
    if (this.running) {
      this.again = true;
      return this.running.then(() => this.running ?? this.push());
    }
    this.clearTimer();
    this.running = this.round().finally(() => {
      this.running = undefined;
      if (this.again && !this.stopped) {
        this.again = false;
        void this.push();
      }
    });
    return this.running;
  }

  /** Pushes soon, without waiting (after a new decision). */
  kick(): void {
    if (!this.stopped) void this.push().catch((error: unknown) => this.log(`outbox push failed: ${describeError(error)}`));
  }

  /** Stops scheduling; waits for a round in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    this.controller.abort();
    await this.running?.catch(() => undefined);
  }

  private async round(): Promise<PushRound> {
    const result: PushRound = { sent: 0, conflicts: 0, rejected: 0, error: null, stoppedBy: null };
    const { outbox } = this.options.repos;
    let retryAfterMs: number | undefined;
    for (;;) {
      if (this.stopped) break;
      const item = outbox.nextQueued(this.options.profileId);
      if (!item) break;
      const sent = await this.sendOne(item);
      if ('stop' in sent) {
        result.error = sent.stop;
        result.stoppedBy = sent.cause;
        retryAfterMs = sent.retryAfterMs;
        break;
      }
      const { outcome, message, code } = sent;
      this.settled.fire({
        id: item.id,
        kind: item.kind,
        targetId: item.targetId,
        logId: item.logId,
        pauseId: item.pauseId,
        outcome,
        message: message ?? null,
        code: code ?? null,
      });
      if (outcome === 'sent') result.sent++;
      else if (outcome === 'conflict') result.conflicts++;
      else result.rejected++;
    }
    if (this.stopped) return result;
    this.lastError = result.error;
    if (result.error === null) {
      this.failedRounds = 0;
      this.nextAttemptAt = null;
    } else if (!this.stopped) {
      const delay = Math.max(retryAfterMs ?? 0, backoffDelay(this.retryPolicy(), this.failedRounds++, this.options.random));
      this.schedule(delay);
    }
    this.pushed.fire(result);
    return result;
  }

  private async sendOne(item: OutboxEntry): Promise<Outcome> {
    const { repos, client } = this.options;
    const at = this.now();
    const kind = repos.outboxKinds.of(item.kind);
    /** Takes the item out of the outbox, with the cache writes that go with it, in one transaction. */
    const settle = (writes: () => void) =>
      repos.cache.transaction(() => {
        repos.outbox.delete(item.id);
        writes();
      });
    try {
      const { method, path, ...request } = kind.push(item);
      const answer = await client.request(method, path, {
        ...request,
        attempts: this.options.attemptsPerSend ?? 2,
        signal: this.controller.signal,
      });
      settle(() => kind.cacheAnswer(repos, item, answer));
      return { outcome: 'sent' };
    } catch (error) {
      if (this.controller.signal.aborted) return { stop: 'stopped', cause: 'stopped' };
      if (error instanceof BackendHttpError && error.status === 409) {
        const reading = kind.readConflict(item, (error.details as { current?: unknown } | undefined)?.current);
        if (reading.kind === 'already_done') {
          this.log(`decision ${item.id}: ${kind.describe(item.targetId)} already is as it asked on the server (${error.code}); done`);
          settle(() => reading.cache(repos));
          return { outcome: 'sent' };
        }
        settle(() =>
          repos.conflicts.add({
            profileId: item.profileId,
            kind: item.kind,
            targetId: item.targetId,
            decision: item.decision,
            baseVersion: item.baseVersion,
            decidedAt: item.decidedAt,
            theirs: reading.theirs,
            code: error.code,
            message: error.message,
            createdAt: at,
          }),
        );
        return { outcome: 'conflict', message: `${error.code}: ${error.message}`, code: error.code };
      }
      if (error instanceof BackendHttpError && error.status === 401) {
        // The token, not this decision, is the problem: keep everything queued.
        const message = `the backend refused the token (${error.message})`;
        repos.outbox.recordAttempt(item.id, message, at);
        return { stop: message, cause: 'token' };
      }
      if (isRetryable(error)) {
        const message = describeError(error);
        repos.outbox.recordAttempt(item.id, message, at);
        return { stop: message, cause: 'unreachable', retryAfterMs: error instanceof BackendHttpError ? error.retryAfterMs : undefined };
      }
      if (error instanceof BackendHttpError) {
        const message = `${error.status} ${error.code}: ${error.message}`;
        repos.outbox.markRejected(item.id, message, at);
        return { outcome: 'rejected', message, code: error.code };
      }
      if (error instanceof BackendResponseError) {
        // The backend accepted the decision (2xx) but its answer is malformed: the decision is made;
        // the change feed brings the row.
        this.log(`decision ${item.id} was accepted but the answer did not parse: ${error.message}`);
        settle(() => undefined);
        return { outcome: 'sent' };
      }
      const message = describeError(error);
      repos.outbox.recordAttempt(item.id, message, at);
      return { stop: message, cause: 'unreachable' };
    }
  }

  private schedule(delayMs: number): void {
    this.clearTimer();
    this.nextAttemptAt = new Date(Date.now() + delayMs);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, delayMs);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.nextAttemptAt = null;
  }

  private retryPolicy(): BackoffPolicy {
    return this.options.retry ?? { baseDelayMs: 1_000, maxDelayMs: 60_000 };
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  private log(message: string): void {
    (this.options.log ?? silentLog)(message);
  }
}
