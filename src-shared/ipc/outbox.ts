import { z } from 'zod';
import { OutboxItemSchema } from './model.js';

/** The outbox as the UI inspects it: depth, each item, the last error, the last successful sync. */
export const OutboxViewSchema = z.object({
  /** Decisions still to send for the active profile. */
  depth: z.number().int(),
  /** Decisions queued under other profiles (sent when that profile is active again). */
  otherProfiles: z.number().int(),
  items: z.array(OutboxItemSchema),
  lastError: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** When the pusher tries again after a failed round (null when idle). */
  nextAttemptAt: z.string().nullable(),
});
export type OutboxView = z.infer<typeof OutboxViewSchema>;

export const OUTBOX_CHANNELS = {
  'ops:outbox.list': { request: z.strictObject({}), response: OutboxViewSchema },
  /** Send a refused decision again (a new idempotency key; it goes to the end of the queue). */
  'ops:outbox.retry': {
    request: z.strictObject({ id: z.number().int().min(1) }),
    response: OutboxItemSchema,
  },
  /** Drop a refused decision; the log shows the server's state again. */
  'ops:outbox.dismiss': {
    request: z.strictObject({ id: z.number().int().min(1) }),
    response: z.object({ dismissed: z.literal(true) }),
  },
} as const;
