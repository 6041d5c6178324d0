import { z } from 'zod';
import { AuditEntrySchema } from '../schemas/autoheal.js';
import { PauseSchema } from '../schemas/pauses.js';
import { UuidSchema } from '../schemas/common.js';

/**
 * What only the backend holds about a log (the cache has no audit rows): its audit trail and why it
 * waited for a human. Offline, or when the backend refuses, the answer says so instead of failing.
 */
export const LogRemoteDetailSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('available'),
    audit: z.array(AuditEntrySchema),
    reviewReason: z.string().nullable(),
    fetchedAt: z.string(),
  }),
  z.object({ status: z.literal('unavailable'), reason: z.enum(['offline', 'refused']), message: z.string() }),
]);
export type LogRemoteDetail = z.infer<typeof LogRemoteDetailSchema>;

export type Pause = z.infer<typeof PauseSchema>;

/** The detail pane's extra reads and the ops action on auto-apply pauses. */
export const LOG_DETAIL_CHANNELS = {
  /** Fetched by main from `GET /autoheal/logs/:id` (needs the backend; degrades when offline). */
  'ops:logDetail.remote': {
    request: z.strictObject({ id: UuidSchema }),
    response: LogRemoteDetailSchema,
  },
  /** Auto-apply pauses in force (from the cache) for this log's rule on its plugin. */
  'ops:pauses.forLog': {
    request: z.strictObject({ logId: UuidSchema }),
    response: z.object({ items: z.array(PauseSchema) }),
  },
  /**
   * Resume auto-apply (ops). Sent at once with the cached pause version as If-Match: it needs the
   * backend (the outbox carries healing-log decisions only), and says so when offline.
   */
  'ops:pauses.resume': {
    request: z.strictObject({ id: UuidSchema, comment: z.string().max(2000).optional() }),
    response: PauseSchema,
  },
} as const;
