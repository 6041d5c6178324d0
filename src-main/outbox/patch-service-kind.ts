import type { PatchServiceDecision } from '../../src-shared/ipc/decision-kinds.js';
import { SdkPatchSchema, type SdkPatch } from '../../src-shared/schemas/sdk.js';
import { conflictWith, defineOutboxKind, versionedRowResolutions } from './outbox-kind.js';

/** Take a patch out of service, or put it back (dev_admin), with an optional reason. */
export type { PatchServiceDecision };

/** Deactivate (`DELETE /api/dev/patches/:id`) or reactivate a patch; the patch's row shows it pending. */
export const patchServiceKind = defineOutboxKind<PatchServiceDecision, SdkPatch>({
  kind: 'patch_service',
  localTable: 'sdk_patches',
  describe: (patchId) => `SDK patch ${patchId}`,
  cachedVersion: (repos, patchId) => repos.patches.patch(patchId)?.patch.version,
  push: (item) => {
    const path = `/api/dev/patches/${encodeURIComponent(item.targetId)}`;
    const { action, ...body } = item.decision;
    return action === 'deactivate'
      ? { method: 'DELETE', path, schema: SdkPatchSchema, ifMatch: item.baseVersion, idempotencyKey: item.idempotencyKey }
      : { method: 'POST', path: `${path}/reactivate`, body, schema: SdkPatchSchema, ifMatch: item.baseVersion, idempotencyKey: item.idempotencyKey };
  },
  cacheAnswer: (repos, _item, patch) => repos.entities.sdk_patch.upsert(patch),
  /**
   * A reactivation refused because the patch is in service again (someone reactivated it first) has
   * reached its goal; any other 409 (the patch moved on) is a conflict.
   */
  readConflict: (item, current) => {
    const patch = SdkPatchSchema.safeParse(current);
    if (item.decision.action === 'reactivate' && patch.success && patch.data.id === item.targetId && patch.data.deactivated_at === null) {
      return { kind: 'already_done', cache: (repos) => repos.entities.sdk_patch.upsert(patch.data) };
    }
    return conflictWith(current);
  },
  resolutions: versionedRowResolutions({ schema: SdkPatchSchema, cache: (repos, patch, json) => repos.entities.sdk_patch.upsert(patch, json) }),
});
