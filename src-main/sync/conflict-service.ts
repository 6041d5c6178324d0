import type { CONFLICT_RESOLUTIONS, Conflict } from '../../src-shared/ipc/conflicts.js';
import { notFound } from '../app/service-error.js';
import type { Repositories } from '../cache/repositories/index.js';
import { newIdempotencyKey } from './decision-service.js';
import { parseServerLog } from './outbox-pusher.js';

type Resolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * Resolves conflicts: keep mine (queue the decision again on the server's current version with a
 * new idempotency key), take theirs (drop mine, cache the server's row), discard (drop mine).
 */
export class ConflictService {
  constructor(
    private readonly repos: Repositories,
    private readonly activeProfileId: () => string | null,
    private readonly onDidQueue: () => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): Conflict[] {
    const profileId = this.activeProfileId();
    return profileId ? this.repos.conflicts.list(profileId).map(({ profileId: _p, ...conflict }) => conflict) : [];
  }

  resolve(id: number, resolution: Resolution): { resolution: Resolution; outboxId: number | null } {
    const { repos } = this;
    const outboxId = repos.cache.transaction((): number | null => {
      const conflict = repos.conflicts.get(id);
      if (!conflict || conflict.profileId !== this.activeProfileId()) throw notFound('conflict', id);
      const theirs = parseServerLog(conflict.theirs);
      let queued: number | null = null;
      if (resolution === 'keep_mine') {
        const version = theirs?.version ?? repos.logs.versionOf(conflict.logId)?.version ?? conflict.mine.baseVersion;
        queued = repos.outbox.add({
          profileId: conflict.profileId,
          logId: conflict.logId,
          decision: conflict.mine.decision,
          baseVersion: version,
          idempotencyKey: newIdempotencyKey(),
          decidedAt: this.now().toISOString(),
        }).id;
      } else if (resolution === 'take_theirs' && theirs) {
        repos.logs.upsert(theirs, JSON.stringify(conflict.theirs));
      }
      repos.conflicts.delete(id);
      repos.logs.refreshLocalState(conflict.logId);
      return queued;
    });
    if (outboxId !== null) this.onDidQueue();
    return { resolution, outboxId };
  }
}
