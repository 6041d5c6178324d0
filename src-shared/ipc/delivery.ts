import { z } from 'zod';

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

/** What a decision was taken on, as the console names it: a log, or the auto-apply pause of a rule on a plugin. */
export const DecisionSubjectSchema = z.object({
  kind: z.enum(['log', 'pause']),
  id: z.string(),
  /** The plugin of the log or pause (null when it is not cached). */
  pluginId: z.string().nullable(),
});
export type DecisionSubject = z.infer<typeof DecisionSubjectSchema>;
