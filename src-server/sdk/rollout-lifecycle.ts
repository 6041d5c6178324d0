import { DEFAULT_ROLLOUT_MIN_APPLICATIONS, DEFAULT_ROLLOUT_STEPS } from '../../src-shared/domain/patch-rollout.js';
import type { SdkPatch } from '../../src-shared/schemas/sdk.js';
import type { ServerConfig } from '../context.js';
import type { Queryable } from '../db/database.js';
import { changeRollout, insertRollout, latestRollout, type RolloutRow } from './rollout-repo.js';

/** How rollouts proceed on this server (server options `rolloutSteps`, `rolloutMinApplications`). */
export interface RolloutSettings {
  steps: readonly number[];
  minApplications: number;
}

export function rolloutSettingsOf(config: Pick<ServerConfig, 'rolloutSteps' | 'rolloutMinApplications'>): RolloutSettings {
  return {
    steps: config.rolloutSteps ?? DEFAULT_ROLLOUT_STEPS,
    minApplications: config.rolloutMinApplications ?? DEFAULT_ROLLOUT_MIN_APPLICATIONS,
  };
}

/**
 * Starts the rollout of the version just approved. Developers outside its share keep the last version
 * every developer was served: the patch's active version when its rollout completed (or predates
 * rollouts), else what that unfinished rollout kept serving outside its own share. An unfinished
 * rollout of an older version ends, halted, superseded by this one.
 * `beforePatch` is the patch row before the approval (its lock is held).
 */
export async function startRolloutOnApproval(
  db: Queryable,
  beforePatch: SdkPatch,
  version: number,
  settings: RolloutSettings,
  reviewerName: string | null,
): Promise<{ rollout: RolloutRow; superseded: RolloutRow | null }> {
  const current = await latestRollout(db, beforePatch.id, true);
  const everyone = current === null || current.state === 'completed' ? beforePatch.active_version : current.previous_version;
  let superseded: RolloutRow | null = null;
  if (current && (current.state === 'rolling' || current.state === 'held')) {
    superseded = await changeRollout(db, current, { kind: 'halt', reason: `superseded by version ${version} before it completed` }, reviewerName);
  }
  const rollout = await insertRollout(db, {
    patchId: beforePatch.id,
    version,
    previousVersion: everyone !== null && everyone < version ? everyone : null,
    steps: settings.steps,
    minApplications: settings.minApplications,
    by: reviewerName,
  });
  return { rollout, superseded };
}

/**
 * A patch taken out of service stops its rollout where it is: a rolling rollout is held, so on
 * reactivation the version is served to the same share until a reviewer resumes it. Returns the
 * held rollout (null: nothing was rolling).
 */
export async function holdRolloutOnDeactivation(db: Queryable, patchId: string, by: string): Promise<{ before: RolloutRow; after: RolloutRow } | null> {
  const before = await latestRollout(db, patchId, true);
  if (before?.state !== 'rolling') return null;
  return { before, after: await changeRollout(db, before, { kind: 'hold' }, by) };
}
