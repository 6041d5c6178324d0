import type { OutboxItem } from '../../src-shared/ipc/model.js';
import type { OutboxView } from '../../src-shared/ipc/outbox.js';
import { ServiceError, notFound } from './service-error.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { OutboxEntry } from '../cache/repositories/outbox-repo.js';
import { newIdempotencyKey } from './decision-service.js';

/** The outbox as the UI inspects it, and what the user can do with a refused decision. */
export class OutboxService {
  constructor(
    private readonly repos: Repositories,
    private readonly activeProfileId: () => string | null,
    private readonly pusherState: () => { lastError: string | null; nextAttemptAt: Date | null },
    private readonly onDidQueue: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  view(): OutboxView {
    const profileId = this.activeProfileId();
    const state = this.repos.syncState.get();
    const pusher = this.pusherState();
    if (!profileId) {
      return { depth: 0, otherProfiles: 0, items: [], lastError: state.lastError, lastSuccessAt: state.lastSuccessAt, nextAttemptAt: null };
    }
    const counts = this.repos.outbox.counts(profileId);
    return {
      depth: counts.queued,
      otherProfiles: counts.otherProfiles,
      items: this.repos.outbox.list(profileId).map(toItem),
      lastError: pusher.lastError ?? state.lastError,
      lastSuccessAt: state.lastSuccessAt,
      nextAttemptAt: pusher.nextAttemptAt?.toISOString() ?? null,
    };
  }

  /** Queues a refused decision again, at the end of the queue, with a new idempotency key. */
  retry(id: number): OutboxItem {
    const { repos } = this;
    const item = repos.cache.transaction(() => {
      const old = this.refused(id);
      repos.outbox.delete(id);
      const again = repos.outbox.add({
        profileId: old.profileId,
        kind: old.kind,
        targetId: old.targetId,
        decision: old.decision,
        baseVersion: old.baseVersion,
        idempotencyKey: newIdempotencyKey(),
        decidedAt: this.now().toISOString(),
      });
      return again;
    });
    this.onDidQueue();
    return toItem(item);
  }

  /** Drops a refused decision; its target shows the server's state again. */
  dismiss(id: number): { dismissed: true } {
    const { repos } = this;
    repos.cache.transaction(() => {
      this.refused(id);
      repos.outbox.delete(id);
    });
    return { dismissed: true };
  }

  private refused(id: number): OutboxEntry {
    const item = this.repos.outbox.get(id);
    if (!item || item.profileId !== this.activeProfileId()) throw notFound('outbox item', id);
    if (item.state !== 'rejected') {
      throw new ServiceError('conflict', 'outbox_item_queued', `outbox item ${id} is still queued; only a decision the backend refused can be retried or dismissed`);
    }
    return item;
  }
}

/** The contract's view of an item: its kind, its target, and the decision its kind's module wrote. */
function toItem({ profileId: _profile, ...item }: OutboxEntry): OutboxItem {
  return item as OutboxItem;
}
