import { z } from 'zod';
import { RolloutActionSchema } from '../schemas/rollout.js';

/**
 * What a queued decision is taken on, by the key its outbox kind stores with it: a healing log, an
 * auto-apply pause, a patch draft (its submission for review), a patch version (its review) or a
 * patch (taking it out of service and back), a patch's staged rollout (a reviewer's hand on it). The
 * main process registers one outbox kind per key.
 */
export const DECISION_KINDS = ['log', 'pause', 'patch_draft', 'patch_review', 'patch_service', 'patch_rollout'] as const;
export const DecisionKindSchema = z.enum(DECISION_KINDS);
export type DecisionKind = z.infer<typeof DecisionKindSchema>;

/** The kinds whose target belongs to the SDK patch registry. */
export const PATCH_DECISION_KINDS = ['patch_draft', 'patch_review', 'patch_service', 'patch_rollout'] as const satisfies readonly DecisionKind[];
export type PatchDecisionKind = (typeof PATCH_DECISION_KINDS)[number];

/** A draft submitted for review: a new patch (`create`) or the next version of `patchId` (`update`), with its change note. */
export const PatchDraftDecisionSchema = z.object({
  action: z.enum(['create', 'update']),
  patchId: z.string().nullable(),
  /** The draft as the shared patch format judged it (the body sent). */
  body: z.record(z.string(), z.unknown()),
  change_note: z.string(),
});
export type PatchDraftDecision = z.infer<typeof PatchDraftDecisionSchema>;

/** A review of a version waiting for one: approve with an optional comment, or reject with a reason. */
export const PatchReviewDecisionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('approve'), patchId: z.string(), version: z.number().int(), comment: z.string().optional() }),
  z.object({ action: z.literal('reject'), patchId: z.string(), version: z.number().int(), reason: z.string() }),
]);
export type PatchReviewDecision = z.infer<typeof PatchReviewDecisionSchema>;

/** Taking a patch out of service, or putting it back, with an optional reason. */
export const PatchServiceDecisionSchema = z.object({ action: z.enum(['deactivate', 'reactivate']), reason: z.string().optional() });
export type PatchServiceDecision = z.infer<typeof PatchServiceDecisionSchema>;

/**
 * A reviewer's advance, hold, resume or abort of a patch's rollout (abort with a reason). It is sent
 * on the rollout version it was taken on (the outbox item's base version).
 */
export const PatchRolloutDecisionSchema = z.object({ action: RolloutActionSchema, reason: z.string().optional() });
export type PatchRolloutDecision = z.infer<typeof PatchRolloutDecisionSchema>;
