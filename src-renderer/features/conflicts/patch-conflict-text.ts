import type { IntlShape } from 'react-intl';
import type { Conflict } from '../../../src-shared/ipc/conflicts.js';
import { RolloutSchema } from '../../../src-shared/schemas/rollout.js';
import { SdkPatchSchema, SdkPatchVersionSchema } from '../../../src-shared/schemas/sdk.js';

/** A conflict on a patch draft, a patch version, a patch or a patch's rollout. */
export type PatchConflict = Extract<Conflict, { kind: 'patch_draft' | 'patch_review' | 'patch_service' | 'patch_rollout' }>;

export const isPatchConflict = (conflict: Conflict): conflict is PatchConflict =>
  conflict.kind === 'patch_draft' || conflict.kind === 'patch_review' || conflict.kind === 'patch_service' || conflict.kind === 'patch_rollout';

/**
 * The server's row a patch conflict carries: a rollout (a reviewer's hand refused), a version (a
 * review refused), a patch (it moved on, or was deactivated), or neither.
 */
export function theirsOf(conflict: PatchConflict) {
  const rollout = RolloutSchema.safeParse(conflict.theirs);
  if (rollout.success) return { kind: 'rollout' as const, row: rollout.data };
  const version = SdkPatchVersionSchema.safeParse(conflict.theirs);
  if (version.success) return { kind: 'version' as const, row: version.data };
  const patch = SdkPatchSchema.safeParse(conflict.theirs);
  if (patch.success) return { kind: 'patch' as const, row: patch.data };
  return null;
}

/** A field of the server's row as shown: a reviewer by name when the server names them. */
export function theirsValue(theirs: Record<string, unknown>, field: string): unknown {
  return field === 'reviewed_by' ? (theirs['reviewed_by_name'] ?? theirs['reviewed_by']) : theirs[field];
}

/** The fields of the server's row shown beside the summary, by what the row is. */
export const THEIRS_VERSION_FIELDS = ['status', 'version', 'reviewed_by', 'reviewed_at', 'rejection_reason', 'review_comment'] as const;
export const THEIRS_PATCH_FIELDS = ['version', 'active_version', 'deactivated_by', 'deactivated_at', 'updated_at'] as const;
export const THEIRS_ROLLOUT_FIELDS = ['version', 'state', 'share_pct', 'halted_reason', 'updated_by_name', 'updated_at'] as const;

/** The fields of the server's row a patch conflict shows. */
export function theirsFieldsOf(conflict: PatchConflict): readonly string[] {
  const kind = theirsOf(conflict)?.kind;
  return kind === 'rollout' ? THEIRS_ROLLOUT_FIELDS : kind === 'patch' ? THEIRS_PATCH_FIELDS : THEIRS_VERSION_FIELDS;
}

/** The patch's error signature, from the cache, the server's row or the draft; else the target's id. */
function signatureOf(conflict: PatchConflict): string {
  const fromTheirs = conflict.theirs?.['error_signature'];
  const fromDraft = conflict.kind === 'patch_draft' ? conflict.mine.decision.body['error_signature'] : undefined;
  const signature = conflict.subject.patch?.errorSignature ?? (typeof fromTheirs === 'string' ? fromTheirs : typeof fromDraft === 'string' ? fromDraft : null);
  return signature ?? conflict.targetId.slice(0, 8);
}

/** What the conflict is on: a new patch or a new version (a draft), a version (a review), a patch. */
export function patchConflictTitle(intl: IntlShape, conflict: PatchConflict): string {
  const signature = signatureOf(conflict);
  switch (conflict.kind) {
    case 'patch_draft':
      return conflict.mine.decision.action === 'create'
        ? intl.formatMessage({ id: 'conflicts.card.newPatch' }, { signature })
        : intl.formatMessage({ id: 'conflicts.card.patchDraft' }, { signature });
    case 'patch_review':
      return intl.formatMessage({ id: 'conflicts.card.patchVersion' }, { signature, version: conflict.mine.decision.version });
    case 'patch_service':
      return intl.formatMessage({ id: 'conflicts.card.patch' }, { signature });
    case 'patch_rollout':
      return intl.formatMessage({ id: 'conflicts.card.patchRollout' }, { signature, version: conflict.mine.baseVersion });
  }
}

/** What I decided on the patch, in words. */
export function patchDecisionText(intl: IntlShape, conflict: PatchConflict): string {
  switch (conflict.kind) {
    case 'patch_draft': {
      const { action, change_note: note } = conflict.mine.decision;
      return intl.formatMessage({ id: `conflicts.decision.submit.${action}` }, { note });
    }
    case 'patch_review': {
      const decision = conflict.mine.decision;
      if (decision.action === 'reject') return intl.formatMessage({ id: 'conflicts.decision.rejectVersion' }, { version: decision.version, reason: decision.reason });
      return decision.comment
        ? intl.formatMessage({ id: 'conflicts.decision.approveVersionWithComment' }, { version: decision.version, comment: decision.comment })
        : intl.formatMessage({ id: 'conflicts.decision.approveVersion' }, { version: decision.version });
    }
    case 'patch_service': {
      const { action, reason } = conflict.mine.decision;
      return reason
        ? intl.formatMessage({ id: `conflicts.decision.${action}WithReason` }, { reason })
        : intl.formatMessage({ id: `conflicts.decision.${action}` });
    }
    case 'patch_rollout': {
      const { action, reason } = conflict.mine.decision;
      return intl.formatMessage({ id: 'conflicts.decision.rollout' }, { action, version: conflict.mine.baseVersion, reason: reason ?? '' });
    }
  }
}

/** What the server has now, in one sentence ("version 2 of patch X was already approved by Y"), or null when it sent no row. */
export function theirsSummary(intl: IntlShape, conflict: PatchConflict): string | null {
  const theirs = theirsOf(conflict);
  if (!theirs) return null;
  if (theirs.kind === 'rollout') {
    const { state, version, share_pct: share, halted_reason: reason } = theirs.row;
    return intl.formatMessage({ id: 'conflicts.theirs.rollout' }, { state, version, share: share / 100, reason: reason ?? '' });
  }
  const signature = theirs.row.error_signature;
  if (theirs.kind === 'version') {
    const { status, version, reviewed_by, reviewed_by_name, rejection_reason } = theirs.row;
    const reviewer = reviewed_by_name ?? reviewed_by ?? intl.formatMessage({ id: 'conflicts.patch.anotherReviewer' });
    return intl.formatMessage({ id: 'conflicts.theirs.version' }, { status, version, signature, reviewer, reason: rejection_reason ?? '' });
  }
  const { deactivated_at, deactivated_by, version, active_version } = theirs.row;
  if (deactivated_at !== null) {
    return deactivated_by === null
      ? intl.formatMessage({ id: 'conflicts.theirs.patchDeactivated' }, { signature })
      : intl.formatMessage({ id: 'conflicts.theirs.patchDeactivatedBy' }, { signature, who: deactivated_by });
  }
  return active_version === null
    ? intl.formatMessage({ id: 'conflicts.theirs.patchNotServed' }, { signature, version })
    : intl.formatMessage({ id: 'conflicts.theirs.patchServed' }, { signature, version, active: active_version });
}
