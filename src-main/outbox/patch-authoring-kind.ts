import type { PatchDraftDecision } from '../../src-shared/ipc/decision-kinds.js';
import { SdkPatchChangeSchema, type SdkPatchChange } from '../../src-shared/schemas/sdk.js';
import { cachePatchChange, cacheTheirs, patchVersionIn } from './patch-outbox-common.js';
import { conflictWith, defineOutboxKind, type ConflictContext } from './outbox-kind.js';

/**
 * A submitted draft: a new patch (`create`, POST) or the next version of one (`update`, PUT with
 * If-Match on the patch's version), with its change note. `body` is the draft as the shared patch
 * format judged it.
 */
export type AuthoringDecision = PatchDraftDecision;

/** Submit a patch draft for review; the draft (a `patch_drafts` row) shows the submission's state. */
export const patchAuthoringKind = defineOutboxKind<AuthoringDecision, SdkPatchChange>({
  kind: 'patch_draft',
  localTable: 'patch_drafts',
  describe: (draftId) => `patch draft ${draftId}`,
  // A new patch has no row to be stale against (0); a new version is taken on the patch's version.
  cachedVersion: (repos, draftId) => {
    const stored = repos.drafts.get(draftId);
    if (!stored) return undefined;
    return stored.draft.patchId === null ? 0 : repos.patches.patch(stored.draft.patchId)?.patch.version;
  },
  push: (item) => {
    const { patchId, body, change_note } = item.decision;
    const update = item.decision.action === 'update' && patchId !== null;
    return {
      method: update ? 'PUT' : 'POST',
      path: update ? `/api/dev/patches/${encodeURIComponent(patchId)}` : '/api/dev/patches',
      body: { ...body, change_note },
      schema: SdkPatchChangeSchema,
      ifMatch: update ? item.baseVersion : undefined,
      idempotencyKey: item.idempotencyKey,
    };
  },
  cacheAnswer: (repos, item, change) => {
    cachePatchChange(repos, change);
    repos.drafts.markSent(item.targetId, change.patch.id, change.version.version);
  },
  readConflict: (_item, current) => conflictWith(current),
  resolutions: {
    // Mine again, on the patch's version now: it supersedes the version written meanwhile.
    keep_mine: ({ repos, theirs, cachedVersion, mine, requeue }) => requeue(patchVersionIn(repos, theirs) ?? cachedVersion ?? mine.baseVersion),
    take_theirs: (context) => {
      cacheTheirs(context.repos, context.theirs);
      backToEditing(context);
      return null;
    },
    discard: (context) => {
      backToEditing(context);
      return null;
    },
  },
});

/** A submission given up: the draft can be edited and submitted again. */
function backToEditing({ repos, targetId, mine }: ConflictContext<AuthoringDecision>): void {
  repos.drafts.markSubmitted(targetId, mine.decision.change_note, null);
}
