import { randomUUID } from 'node:crypto';
import type { DecisionReceipt } from '../../src-shared/ipc/decisions.js';
import type { PauseResumeReceipt } from '../../src-shared/ipc/log-detail.js';
import type { Decision, LocalState } from '../../src-shared/ipc/model.js';
import { ServiceError } from './service-error.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { OutboxEntry, StoredDecision } from '../cache/repositories/outbox-repo.js';
import { logDecisionKind } from '../outbox/log-decision-kind.js';
import { pauseResumeKind } from '../outbox/pause-resume-kind.js';

/** A decision as queued (its delivery is `DecisionDesk`'s to tell). */
export type QueuedDecision = Omit<DecisionReceipt, 'subject' | 'delivery'>;
export type QueuedResume = Omit<PauseResumeReceipt, 'subject' | 'delivery'>;

/** A fresh key for one decision: made once, when the user decides, and reused for every send. */
export function newIdempotencyKey(): string {
  return `console-${randomUUID()}`;
}

/**
 * Takes decisions: each is written to the outbox in the same transaction that marks the cached row
 * (a healing log, the pause a resume is on, any kind's target) `queued`, with its idempotency key
 * and the row version it was taken on. The same decision on the same row while one is still queued
 * returns the queued one (a double click queues nothing twice).
 */
export class DecisionService {
  constructor(
    private readonly repos: Repositories,
    private readonly activeProfileId: () => string | null,
    private readonly onDidQueue: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  decide(logId: string, decision: Decision): QueuedDecision {
    const { item, localState } = this.queue(logDecisionKind.kind, logId, decision);
    return { outboxId: item.id, logId, action: decision.action, localState };
  }

  /** Queues resuming auto-apply of a paused rule on a plugin (ops). */
  resumePause(pauseId: string, comment?: string): QueuedResume {
    const decision = { action: 'resume', ...(comment !== undefined ? { comment } : {}) };
    const { item, localState } = this.queue(pauseResumeKind.kind, pauseId, decision, () => {
      const cached = this.repos.pauses.get(pauseId);
      if (cached && cached.row['resumed_at'] !== null && cached.row['resumed_at'] !== undefined) {
        const by = typeof cached.row['resumed_by'] === 'string' ? ` by ${cached.row['resumed_by']}` : '';
        throw new ServiceError('conflict', 'pause_already_resumed', `auto-apply was already resumed${by}; there is nothing to resume`);
      }
    });
    return { outboxId: item.id, pauseId, localState };
  }

  /**
   * Queues a decision of any registered kind on the version of its target the cache holds now;
   * `check` runs first, in the same transaction, to refuse a decision the cached row rules out.
   */
  queue(kindKey: string, targetId: string, decision: StoredDecision, check?: () => void): { item: OutboxEntry; localState: LocalState } {
    const profileId = this.activeProfileId();
    if (!profileId) throw new ServiceError('invalid_request', 'no_active_profile', 'no backend profile is active; add one in Settings');
    const { repos } = this;
    const kind = repos.outboxKinds.of(kindKey);
    const queued = repos.cache.transaction(() => {
      const version = kind.cachedVersion(repos, targetId);
      if (version === undefined) throw new ServiceError('not_found', 'not_in_cache', `${kind.describe(targetId)} is not in the local cache`);
      check?.();
      const item =
        repos.outbox.findQueued(profileId, kindKey, targetId, decision.action) ??
        repos.outbox.add({
          profileId,
          kind: kindKey,
          targetId,
          decision,
          baseVersion: version,
          idempotencyKey: newIdempotencyKey(),
          decidedAt: this.now().toISOString(),
        });
      return { item, localState: repos.pendingStates.stateOf(kindKey, targetId)! };
    });
    this.onDidQueue();
    return queued;
  }
}
