import type { IpcResponse } from '../../src-shared/ipc/contract.js';
import type { BulkDecisionItem, DecisionReceipt } from '../../src-shared/ipc/decisions.js';
import type { DecisionSubject } from '../../src-shared/ipc/delivery.js';
import type { PauseResumeReceipt } from '../../src-shared/ipc/log-detail.js';
import type { CONFLICT_RESOLUTIONS } from '../../src-shared/ipc/conflicts.js';
import type { Decision } from '../../src-shared/ipc/model.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { ConflictService } from './conflict-service.js';
import type { DecisionService } from './decision-service.js';
import { subjectOf } from './decision-subjects.js';
import type { DeliveryWatch } from './delivery-watch.js';
import { ServiceError } from './service-error.js';

type Resolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * Every decision the renderer takes, answered with the truth about it: each is queued first (by
 * `DecisionService` or `ConflictService`, synchronously, so it is in the outbox before the call
 * waits), then the answer waits, bounded, for its push (`DeliveryWatch`) and names what it was
 * taken on.
 */
export class DecisionDesk {
  constructor(
    private readonly repos: Repositories,
    private readonly decisions: Pick<DecisionService, 'decide' | 'resumePause'>,
    private readonly conflicts: Pick<ConflictService, 'resolve'>,
    private readonly watch: Pick<DeliveryWatch, 'deliver'>,
  ) {}

  decide(logId: string, decision: Decision): Promise<DecisionReceipt> {
    const receipt = this.decisions.decide(logId, decision);
    const subject = this.logSubject(logId);
    return this.watch.deliver([receipt.outboxId]).then(([delivery]) => ({ ...receipt, subject, delivery: delivery! }));
  }

  /**
   * One decision per log, in the order given, then one wait for all of them. A log the cache refuses
   * (not cached, no profile) is reported and the others still go.
   */
  decideMany(logIds: readonly string[], decision: Extract<Decision, { action: 'approve' | 'reject' }>): Promise<{ items: BulkDecisionItem[] }> {
    const queued: { logId: string; receipt: Omit<DecisionReceipt, 'delivery'> }[] = [];
    const refused = new Map<string, string>();
    for (const logId of logIds) {
      try {
        queued.push({ logId, receipt: { ...this.decisions.decide(logId, decision), subject: this.logSubject(logId) } });
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        refused.set(logId, error.message);
      }
    }
    return this.watch.deliver(queued.map(({ receipt }) => receipt.outboxId)).then((deliveries) => {
      const byLog = new Map(queued.map(({ logId, receipt }, index) => [logId, { ...receipt, delivery: deliveries[index]! }]));
      return {
        items: logIds.map((logId): BulkDecisionItem => {
          const receipt = byLog.get(logId);
          return receipt ? { queued: true, logId, receipt } : { queued: false, logId, error: refused.get(logId)! };
        }),
      };
    });
  }

  resumePause(pauseId: string, comment?: string): Promise<PauseResumeReceipt> {
    const receipt = this.decisions.resumePause(pauseId, comment);
    const subject = this.pauseSubject(pauseId);
    return this.watch.deliver([receipt.outboxId]).then(([delivery]) => ({ ...receipt, subject, delivery: delivery! }));
  }

  /**
   * Resolves a conflict of any kind; keep mine queues the decision again, and the answer says what
   * became of it and names what it was taken on (a log, a pause, a patch draft, version or patch).
   */
  resolveConflict(id: number, resolution: Resolution): Promise<IpcResponse<'ops:conflicts.resolve'>> {
    const conflict = this.repos.conflicts.get(id);
    // Named before resolving: take theirs may change the cached row the name is read from.
    const subject = conflict ? subjectOf(this.repos, conflict.kind, conflict.targetId) : null;
    const result = this.conflicts.resolve(id, resolution);
    // resolve() refuses an unknown conflict, so the subject was read.
    const answer = { ...result, subject: subject! };
    if (result.outboxId === null) return Promise.resolve({ ...answer, delivery: null });
    return this.watch.deliver([result.outboxId]).then(([delivery]) => ({ ...answer, delivery: delivery! }));
  }

  private logSubject(logId: string): DecisionSubject {
    return subjectOf(this.repos, 'log', logId);
  }

  private pauseSubject(pauseId: string): DecisionSubject {
    return subjectOf(this.repos, 'pause', pauseId);
  }
}
