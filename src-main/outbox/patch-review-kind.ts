import type { PatchReviewDecision } from '../../src-shared/ipc/decision-kinds.js';
import { SdkPatchChangeSchema, type SdkPatchChange } from '../../src-shared/schemas/sdk.js';
import { cachePatchChange, cacheTheirs, patchVersionIn } from './patch-outbox-common.js';
import { conflictWith, defineOutboxKind } from './outbox-kind.js';

/** A review of a version waiting for one (reviewer): approve with an optional comment, or reject with a reason. */
export type ReviewDecision = PatchReviewDecision;

/**
 * Approve or reject a patch version (the target is the version's row, `sdk_patch_versions`), sent
 * with If-Match on the patch's version. A 409 means someone else moved first: the patch moved on
 * (stale_version), the version was already approved, rejected or superseded (invalid_transition), or
 * the patch was deactivated; each is a conflict holding the server's row.
 */
export const patchReviewKind = defineOutboxKind<ReviewDecision, SdkPatchChange>({
  kind: 'patch_review',
  localTable: 'sdk_patch_versions',
  describe: (versionId) => `patch version ${versionId}`,
  cachedVersion: (repos, versionId) => {
    const version = repos.patches.versionById(versionId)?.version;
    return version ? repos.patches.patch(version.patch_id)?.patch.version : undefined;
  },
  push: (item) => {
    const decision = item.decision;
    const path = `/api/dev/patches/${encodeURIComponent(decision.patchId)}/versions/${decision.version}/${decision.action}`;
    const body = decision.action === 'reject' ? { reason: decision.reason } : decision.comment !== undefined ? { comment: decision.comment } : undefined;
    return { method: 'POST', path, body, schema: SdkPatchChangeSchema, ifMatch: item.baseVersion, idempotencyKey: item.idempotencyKey };
  },
  cacheAnswer: (repos, _item, change) => cachePatchChange(repos, change),
  readConflict: (_item, current) => conflictWith(current),
  resolutions: {
    keep_mine: ({ repos, theirs, cachedVersion, mine, requeue }) => requeue(patchVersionIn(repos, theirs) ?? cachedVersion ?? mine.baseVersion),
    take_theirs: ({ repos, theirs }) => {
      cacheTheirs(repos, theirs);
      return null;
    },
    discard: () => null,
  },
});
