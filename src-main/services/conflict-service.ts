import type { CONFLICT_RESOLUTIONS, Conflict } from '../../src-shared/ipc/conflicts.js';
import type { DecisionSubject } from '../../src-shared/ipc/delivery.js';
import { notFound } from './service-error.js';
import type { ConflictEntry } from '../cache/repositories/conflicts-repo.js';
import type { Repositories } from '../cache/repositories/index.js';
import { newIdempotencyKey } from './decision-service.js';
import { subjectOf } from './decision-subjects.js';

type Resolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * Resolves conflicts of every kind: the conflict's kind says what each choice does (keep mine,
 * take theirs, discard); this service drops the conflict in the same transaction and, when mine
 * is queued again, gives it a new idempotency key at the end of the queue.
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
    return profileId ? this.repos.conflicts.list(profileId).map((entry) => toConflict(entry, subjectOf(this.repos, entry.kind, entry.targetId))) : [];
  }

  resolve(id: number, resolution: Resolution): { resolution: Resolution; outboxId: number | null } {
    const { repos } = this;
    const outboxId = repos.cache.transaction((): number | null => {
      const conflict = repos.conflicts.get(id);
      if (!conflict || conflict.profileId !== this.activeProfileId()) throw notFound('conflict', id);
      const kind = repos.outboxKinds.of(conflict.kind);
      const { profileId, targetId, mine } = conflict;
      const queued = kind.resolutions[resolution]({
        repos,
        targetId,
        mine,
        theirs: conflict.theirs,
        cachedVersion: kind.cachedVersion(repos, targetId),
        requeue: (baseVersion) =>
          repos.outbox.add({
            profileId,
            kind: conflict.kind,
            targetId,
            decision: mine.decision,
            baseVersion,
            idempotencyKey: newIdempotencyKey(),
            decidedAt: this.now().toISOString(),
          }).id,
      });
      repos.conflicts.delete(id);
      return queued;
    });
    if (outboxId !== null) this.onDidQueue();
    return { resolution, outboxId };
  }
}

/**
 * The contract's view of a conflict: its kind and target, named (`subject`). The contract checks the
 * decision's shape per kind; the kind's module wrote it.
 */
function toConflict({ profileId: _profile, ...conflict }: ConflictEntry, subject: DecisionSubject): Conflict {
  return { ...conflict, subject } as Conflict;
}
