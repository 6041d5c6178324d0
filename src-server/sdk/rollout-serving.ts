import { rolloutBucket, servedVersionOf } from '../../src-shared/domain/patch-rollout.js';
import type { CompiledPatch, PatchCandidate } from '../../src-shared/patch-engine/matcher.js';
import type { RolloutState } from '../../src-shared/schemas/rollout.js';

/** What decides, per developer, which version of one patch is served (null: no rollout, the active version for all). */
export interface ServingRollout {
  version: number;
  previous_version: number | null;
  state: RolloutState;
  share_pct: number;
  halted_share_pct: number | null;
}

/** The columns the served-versions query adds to each version row. */
export interface ServingColumns {
  /** Whether this row is the patch's active version (false: the previous version a rollout keeps serving). */
  is_active: boolean;
  rollout_version: number | null;
  rollout_previous_version: number | null;
  rollout_state: RolloutState | null;
  rollout_share_pct: number | null;
  rollout_halted_share_pct: number | null;
}

/**
 * The versions that may be served, by patch: each active patch's active version and, while its
 * latest rollout has not completed, the previous version developers outside the share keep, with the
 * rollout that decides between them. `$VERSION_COLUMNS` is the version columns the cache selects.
 * A version whose signature expired is not loaded (a previous version that expired serves no one).
 */
export const servedVersionsSql = (versionColumns: string) => `
  SELECT ${versionColumns}, v.version = r.active_version AS is_active,
         ro.version AS rollout_version, ro.previous_version AS rollout_previous_version, ro.state AS rollout_state,
         ro.share_pct AS rollout_share_pct, ro.halted_share_pct AS rollout_halted_share_pct
    FROM sdk_self_healing_registry r
    LEFT JOIN LATERAL (
      SELECT version, previous_version, state, share_pct, halted_share_pct FROM sdk_patch_rollouts
       WHERE patch_id = r.id ORDER BY started_at DESC, version DESC LIMIT 1
    ) ro ON ro.version = r.active_version
    JOIN sdk_patch_versions v ON v.patch_id = r.id
     AND (
       (v.version = r.active_version AND v.status = 'active')
       OR (v.version = ro.previous_version AND ro.state <> 'completed' AND v.status IN ('active', 'retired'))
     )
   WHERE r.active AND r.deactivated_at IS NULL AND v.signature IS NOT NULL AND v.key_id IS NOT NULL`;

/** One patch as the lookup holds it: its compiled versions and the rollout choosing between them. */
export interface PatchServing<T extends PatchCandidate> {
  rollout: ServingRollout | null;
  active: CompiledPatch<T> | null;
  previous: CompiledPatch<T> | null;
}

/** The rollout a loaded row carries (null when the active version has no rollout: served to all). */
export function servingRolloutOf(row: ServingColumns): ServingRollout | null {
  if (row.rollout_version === null || row.rollout_state === null) return null;
  return {
    version: row.rollout_version,
    previous_version: row.rollout_previous_version,
    state: row.rollout_state,
    share_pct: row.rollout_share_pct ?? 0,
    halted_share_pct: row.rollout_halted_share_pct,
  };
}

/** The compiled version one developer is served of one patch (null: none). */
export function servedFor<T extends PatchCandidate>(patchId: string, serving: PatchServing<T>, developerId: string): CompiledPatch<T> | null {
  const { rollout } = serving;
  if (rollout === null || rollout.state === 'completed') return serving.active;
  const bucket = rolloutBucket(patchId, developerId);
  const version = servedVersionOf(rollout, bucket, rollout.halted_share_pct ?? 0);
  if (version === null) return null;
  return version === rollout.version ? serving.active : serving.previous;
}
