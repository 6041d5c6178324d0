import { randomUUID } from 'node:crypto';
import type { DecisionReceipt } from '../../src-shared/ipc/decisions.js';
import type { PauseResumeReceipt } from '../../src-shared/ipc/log-detail.js';
import type { Decision } from '../../src-shared/ipc/model.js';
import { ServiceError, notFound } from '../app/service-error.js';
import type { Repositories } from '../cache/repositories/index.js';

/** A fresh key for one decision: made once, when the user decides, and reused for every send. */
export function newIdempotencyKey(): string {
  return `console-${randomUUID()}`;
}

/**
 * Takes decisions: each is written to the outbox in the same transaction that marks the cached row
 * (a healing log, or the pause a resume is on) `queued`, with its idempotency key and the row
 * version it was taken on. The same decision on the same row while one is still queued returns the
 * queued one (a double click queues nothing twice).
 */
export class DecisionService {
  constructor(
    private readonly repos: Repositories,
    private readonly activeProfileId: () => string | null,
    private readonly onDidQueue: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  decide(logId: string, decision: Decision): DecisionReceipt {
    const profileId = this.activeProfileId();
    if (!profileId) throw new ServiceError('invalid_request', 'no backend profile is active; add one in Settings');
    const { repos } = this;
    const receipt = repos.cache.transaction((): DecisionReceipt => {
      const cached = repos.logs.versionOf(logId);
      if (!cached) throw notFound('healing log', logId);
      const existing = repos.outbox.findQueued(profileId, logId, decision.action);
      const item =
        existing ??
        repos.outbox.add({
          profileId,
          logId,
          decision,
          baseVersion: cached.version,
          idempotencyKey: newIdempotencyKey(),
          decidedAt: this.now().toISOString(),
        });
      repos.logs.refreshLocalState(logId);
      return { outboxId: item.id, logId, action: decision.action, localState: repos.logs.versionOf(logId)!.localState };
    });
    this.onDidQueue();
    return receipt;
  }

  /** Queues resuming auto-apply of a paused rule on a plugin (ops). */
  resumePause(pauseId: string, comment?: string): PauseResumeReceipt {
    const profileId = this.activeProfileId();
    if (!profileId) throw new ServiceError('invalid_request', 'no backend profile is active; add one in Settings');
    const { repos } = this;
    const receipt = repos.cache.transaction((): PauseResumeReceipt => {
      const cached = repos.pauses.get(pauseId);
      if (!cached) throw notFound('auto-apply pause', pauseId);
      if (cached.row['resumed_at'] !== null && cached.row['resumed_at'] !== undefined) {
        const by = typeof cached.row['resumed_by'] === 'string' ? ` by ${cached.row['resumed_by']}` : '';
        throw new ServiceError('conflict', `auto-apply was already resumed${by}; there is nothing to resume`);
      }
      const item =
        repos.outbox.findQueuedResume(profileId, pauseId) ??
        repos.outbox.add({
          profileId,
          pauseId,
          decision: { action: 'resume', ...(comment !== undefined ? { comment } : {}) },
          baseVersion: cached.version,
          idempotencyKey: newIdempotencyKey(),
          decidedAt: this.now().toISOString(),
        });
      repos.pauses.refreshLocalState(pauseId);
      return { outboxId: item.id, pauseId, localState: repos.pauses.get(pauseId)!.localState };
    });
    this.onDidQueue();
    return receipt;
  }
}
