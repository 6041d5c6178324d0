import type { OutboxItem } from '../../src-shared/ipc/model.js';
import type { OutboxView } from '../../src-shared/ipc/outbox.js';
import { ServiceError, notFound } from '../app/service-error.js';
import type { Repositories } from '../cache/repositories/index.js';
import { targetOf, type OutboxEntry } from '../cache/repositories/outbox-repo.js';
import { newIdempotencyKey } from './decision-service.js';
import { refreshTarget } from './outbox-targets.js';

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
        ...targetOf(old),
        profileId: old.profileId,
        baseVersion: old.baseVersion,
        idempotencyKey: newIdempotencyKey(),
        decidedAt: this.now().toISOString(),
      });
      refreshTarget(repos, old);
      return again;
    });
    this.onDidQueue();
    return toItem(item);
  }

  /** Drops a refused decision; its log or pause shows the server's state again. */
  dismiss(id: number): { dismissed: true } {
    const { repos } = this;
    repos.cache.transaction(() => {
      const old = this.refused(id);
      repos.outbox.delete(id);
      refreshTarget(repos, old);
    });
    return { dismissed: true };
  }

  private refused(id: number): OutboxEntry {
    const item = this.repos.outbox.get(id);
    if (!item || item.profileId !== this.activeProfileId()) throw notFound('outbox item', id);
    if (item.state !== 'rejected') {
      throw new ServiceError('conflict', `outbox item ${id} is still queued; only a decision the backend refused can be retried or dismissed`);
    }
    return item;
  }
}

function toItem({ profileId: _profile, ...item }: OutboxEntry): OutboxItem {
  return item;
}
