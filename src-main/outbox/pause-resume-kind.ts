import type { z } from 'zod';
import type { ResumeDecision } from '../../src-shared/ipc/model.js';
import { PauseSchema } from '../../src-shared/schemas/pauses.js';
import { conflictWith, defineOutboxKind, versionedRowResolutions } from './outbox-kind.js';

type Pause = z.infer<typeof PauseSchema>;

/** Resume auto-apply of a rule on a plugin, paused by a rollback. */
export const pauseResumeKind = defineOutboxKind<ResumeDecision, Pause>({
  kind: 'pause',
  localTable: 'pauses',
  describe: (pauseId) => `auto-apply pause ${pauseId}`,
  cachedVersion: (repos, pauseId) => repos.pauses.get(pauseId)?.version,
  push: (item) => {
    const { action: _resume, ...body } = item.decision;
    return {
      method: 'POST',
      path: `/api/v1/plugins/autoheal/pauses/${encodeURIComponent(item.targetId)}/resume`,
      body,
      schema: PauseSchema,
      ifMatch: item.baseVersion,
      idempotencyKey: item.idempotencyKey,
    };
  },
  cacheAnswer: (repos, _item, pause) => repos.entities.pause.upsert(pause),
  /**
   * A resume refused because the pause is no longer in force (resumed meanwhile by someone else, so
   * stale or already resumed) has reached its goal: auto-apply runs again, and asking the user to
   * choose would offer nothing. Any other 409 is a conflict.
   */
  readConflict: (item, current) => {
    const pause = PauseSchema.safeParse(current);
    if (pause.success && pause.data.id === item.targetId && pause.data.resumed_at !== null) {
      return { kind: 'already_done', cache: (repos) => repos.entities.pause.upsert(pause.data) };
    }
    return conflictWith(current);
  },
  resolutions: versionedRowResolutions({
    schema: PauseSchema,
    cache: (repos, pause, json) => repos.entities.pause.upsert(pause, json),
  }),
});
