import type { CONFLICT_RESOLUTIONS, Conflict } from '../../src-shared/ipc/conflicts.js';
import { notFound } from '../app/service-error.js';
import type { ConflictEntry } from '../cache/repositories/conflicts-repo.js';
import type { Repositories } from '../cache/repositories/index.js';
import { newIdempotencyKey } from './decision-service.js';
import { parseServerLog, parseServerPause, refreshTarget } from './outbox-targets.js';

type Resolution = (typeof CONFLICT_RESOLUTIONS)[number];

/**
 * Resolves conflicts, on a healing log or on a pause alike: keep mine (queue the decision again on
 * the server's current version with a new idempotency key), take theirs (drop mine, cache the
 * server's row), discard (drop mine).
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
    return profileId ? this.repos.conflicts.list(profileId).map(withoutProfile) : [];
  }

  resolve(id: number, resolution: Resolution): { resolution: Resolution; outboxId: number | null } {
    const { repos } = this;
    const outboxId = repos.cache.transaction((): number | null => {
      const conflict = repos.conflicts.get(id);
      if (!conflict || conflict.profileId !== this.activeProfileId()) throw notFound('conflict', id);
      let queued: number | null = null;
      if (resolution === 'keep_mine') queued = this.queueAgain(conflict);
      else if (resolution === 'take_theirs') this.cacheTheirs(conflict);
      repos.conflicts.delete(id);
      refreshTarget(repos, conflict);
      return queued;
    });
    if (outboxId !== null) this.onDidQueue();
    return { resolution, outboxId };
  }

  /** Mine again, on the version the server has now (theirs, else the cached row, else the old base). */
  private queueAgain(conflict: ConflictEntry): number {
    const { repos } = this;
    const common = { profileId: conflict.profileId, idempotencyKey: newIdempotencyKey(), decidedAt: this.now().toISOString() };
    if (conflict.pauseId !== null) {
      const version = parseServerPause(conflict.theirs)?.version ?? repos.pauses.get(conflict.pauseId)?.version ?? conflict.mine.baseVersion;
      return repos.outbox.add({ ...common, pauseId: conflict.pauseId, decision: conflict.mine.decision, baseVersion: version }).id;
    }
    const version = parseServerLog(conflict.theirs)?.version ?? repos.logs.versionOf(conflict.logId)?.version ?? conflict.mine.baseVersion;
    return repos.outbox.add({ ...common, logId: conflict.logId, decision: conflict.mine.decision, baseVersion: version }).id;
  }

  /** Caches the server's row when the 409 carried a valid one (else the next sync brings it). */
  private cacheTheirs(conflict: ConflictEntry): void {
    if (conflict.pauseId !== null) {
      const pause = parseServerPause(conflict.theirs);
      if (pause) this.repos.entities.pause.upsert(pause, JSON.stringify(conflict.theirs));
      return;
    }
    const log = parseServerLog(conflict.theirs);
    if (log) this.repos.logs.upsert(log, JSON.stringify(conflict.theirs));
  }
}

function withoutProfile(entry: ConflictEntry): Conflict {
  const { profileId: _profile, ...conflict } = entry;
  return conflict;
}
