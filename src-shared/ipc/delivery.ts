import { z } from 'zod';
import { DecisionKindSchema } from './decision-kinds.js';

/**
 * What became of a decision by the time its call answered. The decision is queued first (it survives
 * a crash and works offline); the call then waits a short, bounded time for the outbox's push of it:
 * - `sent`: the backend accepted it (or already was as it asked);
 * - `queued`: it is still in the outbox, because the backend is unreachable, refused the console's
 *   token, has not answered within the wait, or no backend session is open; it is sent later;
 * - `conflict`: the backend answered 409 (the row moved on); it waits in the conflicts inbox;
 * - `refused`: the backend refused it (another 4xx); it is kept, marked refused, for re-review.
 * It never says `sent` for a decision still in the outbox.
 */
export const DeliverySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('sent') }),
  z.object({
    status: z.literal('queued'),
    reason: z.enum(['unreachable', 'token_refused', 'no_answer_yet', 'no_session']),
    /** The last error of the push, when there was one. */
    detail: z.string().nullable(),
  }),
  /** `code`: the backend's error code (API_ERROR_CODES), which the console words; `message` is the detail. */
  z.object({ status: z.literal('conflict'), message: z.string(), code: z.string().nullish() }),
  z.object({ status: z.literal('refused'), message: z.string(), code: z.string().nullish() }),
]);
export type Delivery = z.infer<typeof DeliverySchema>;

/** The SDK patch a decision on a patch draft, version or patch is about, as the cache knows it. */
export const PatchSubjectSchema = z.object({
  /** The patch (null for a draft of a new patch not yet accepted). */
  patchId: z.string().nullable(),
  /** The patch's error signature (the draft's, for a draft), null when not cached. */
  errorSignature: z.string().nullable(),
  /** The version decided on (a review), or the patch's active version (deactivation), else null. */
  version: z.number().int().nullable(),
});
export type PatchSubject = z.infer<typeof PatchSubjectSchema>;

/**
 * What a decision was taken on, as the console names it: `kind` is the decision's kind (a log, the
 * auto-apply pause of a rule on a plugin, a patch draft, a patch version, a patch) and `id` its target.
 */
export const DecisionSubjectSchema = z.object({
  kind: DecisionKindSchema,
  id: z.string(),
  /** The plugin of the log or pause (null when it is not cached, and for patch subjects). */
  pluginId: z.string().nullable(),
  /** For the patch kinds: the patch it is about. */
  patch: PatchSubjectSchema.optional(),
});
export type DecisionSubject = z.infer<typeof DecisionSubjectSchema>;
