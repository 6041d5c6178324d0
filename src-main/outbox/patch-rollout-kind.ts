import { z } from 'zod';
import type { PatchRolloutDecision } from '../../src-shared/ipc/decision-kinds.js';
import { RolloutSchema, type Rollout } from '../../src-shared/schemas/rollout.js';
import type { Repositories } from '../cache/repositories/index.js';
import { conflictWith, defineOutboxKind } from './outbox-kind.js';

/** A reviewer's advance, hold, resume or abort (with a reason) of a patch's rollout. */
export type { PatchRolloutDecision };

const RolloutAnswerSchema = z.object({ rollout: RolloutSchema });
type RolloutAnswer = z.infer<typeof RolloutAnswerSchema>;

/** What each action leaves the rollout in, when the server already shows it (a repeat of someone else's hand). */
const REACHED: Partial<Record<PatchRolloutDecision['action'], Rollout['state']>> = { hold: 'held', resume: 'rolling', abort: 'halted' };

const parseRollout = (value: unknown): Rollout | undefined => {
  const parsed = RolloutSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

const cacheRollout = (repos: Repositories, rollout: Rollout) => repos.rollouts.upsert(rollout);

/**
 * A reviewer's hand on a patch's staged rollout (`POST /api/dev/patches/:id/rollout`): the target is
 * the patch, the base version the rollout version the decision was taken on, sent as the body's
 * `version`. A 409 means the rollout moved on (a new version's rollout, or a state that forbids the
 * action, e.g. halted by its thresholds meanwhile): a conflict holding the server's rollout; a hold,
 * resume or abort the server already shows on the same version has reached its goal.
 */
export const patchRolloutKind = defineOutboxKind<PatchRolloutDecision, RolloutAnswer>({
  kind: 'patch_rollout',
  localTable: 'patch_rollouts',
  describe: (patchId) => `the rollout of SDK patch ${patchId}`,
  cachedVersion: (repos, patchId) => repos.rollouts.rollout(patchId)?.rollout.version,
  push: (item) => {
    const { action, reason } = item.decision;
    return {
      method: 'POST',
      path: `/api/dev/patches/${encodeURIComponent(item.targetId)}/rollout`,
      body: { action, version: item.baseVersion, ...(reason !== undefined ? { reason } : {}) },
      schema: RolloutAnswerSchema,
      ifMatch: undefined,
      idempotencyKey: item.idempotencyKey,
    };
  },
  cacheAnswer: (repos, _item, answer) => cacheRollout(repos, answer.rollout),
  readConflict: (item, current) => {
    const rollout = parseRollout(current);
    const goal = REACHED[item.decision.action];
    if (rollout && goal !== undefined && rollout.version === item.baseVersion && rollout.state === goal) {
      return { kind: 'already_done', cache: (repos) => cacheRollout(repos, rollout) };
    }
    return conflictWith(current);
  },
  resolutions: {
    // Mine again on the rollout the server has now (its version), else the cached one.
    keep_mine: ({ theirs, cachedVersion, mine, requeue }) => requeue(parseRollout(theirs)?.version ?? cachedVersion ?? mine.baseVersion),
    take_theirs: ({ repos, theirs }) => {
      const rollout = parseRollout(theirs);
      if (rollout) cacheRollout(repos, rollout);
      return null;
    },
    discard: () => null,
  },
});
