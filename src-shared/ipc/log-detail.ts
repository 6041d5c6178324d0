import { z } from 'zod';
import { BlockingPatchSchema, LogAuditEntrySchema } from '../schemas/autoheal.js';
import { PauseSchema } from '../schemas/pauses.js';
import { UuidSchema } from '../schemas/common.js';
import { DecisionSubjectSchema, DeliverySchema } from './delivery.js';
import { LocalStateSchema, PauseOutboxItemSchema } from './model.js';

/**
 * What only the backend holds about a log (the cache has no audit rows): its audit trail and why it
 * waited for a human. Offline, or when the backend refuses, the answer says so instead of failing.
 */
export const LogRemoteDetailSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('available'),
    audit: z.array(LogAuditEntrySchema),
    reviewReason: z.string().nullable(),
    fetchedAt: z.string(),
  }),
  z.object({ status: z.literal('unavailable'), reason: z.enum(['offline', 'refused']), message: z.string() }),
]);
export type LogRemoteDetail = z.infer<typeof LogRemoteDetailSchema>;

export type Pause = z.infer<typeof PauseSchema>;

/** An auto-apply pause as the console holds it: the server row plus where it stands locally. */
export const CachedPauseSchema = z.object({
  pause: PauseSchema,
  /** `queued` while a resume waits in the outbox, `rejected` when the server refused it, `conflict` when it is in the inbox. */
  localState: LocalStateSchema,
  /** The resume waiting in (or refused from) the outbox, if any. */
  pending: PauseOutboxItemSchema.pick({ id: true, state: true, lastError: true }).nullable(),
});
export type CachedPause = z.infer<typeof CachedPauseSchema>;

/** What resuming returns: it is queued, and what became of it within a short wait for its push (`delivery`). */
export const PauseResumeReceiptSchema = z.object({
  outboxId: z.number().int(),
  pauseId: z.string(),
  localState: LocalStateSchema,
  subject: DecisionSubjectSchema,
  delivery: DeliverySchema,
});
export type PauseResumeReceipt = z.infer<typeof PauseResumeReceiptSchema>;

/**
 * What a rollback of a log will do, for its confirmation. `backend`: the server's rollback plan, read
 * now. `cache`: the backend could not answer (`unavailable` says why); the newer patches are those the
 * cache holds, and the backend checks again when the rollback is sent (it goes with `expected_newer`,
 * so a patch the console did not show refuses the rollback instead of being rolled back).
 */
export const RollbackPreviewSchema = z.object({
  source: z.enum(['backend', 'cache']),
  unavailable: z.string().nullable(),
  /** The auto-apply pause the rollback writes for the log's rule on its plugin (null: none). */
  pause: z
    .object({
      ruleId: UuidSchema,
      rule: z.string().nullable(),
      pluginId: z.string(),
      /** A pause is in force already (null: unknown, from the cache). */
      alreadyPaused: z.boolean().nullable(),
    })
    .nullable(),
  /** Newer patches on the plugin, newest first: `applied` ones a cascade rolls back, `applying` ones refuse it. */
  newer: z.array(BlockingPatchSchema),
});
export type RollbackPreview = z.infer<typeof RollbackPreviewSchema>;

/** The detail pane's extra reads and the ops decision on auto-apply pauses. */
export const LOG_DETAIL_CHANNELS = {
  /** Fetched by main from `GET /autoheal/logs/:id` (needs the backend; degrades when offline). */
  'ops:logDetail.remote': {
    request: z.strictObject({ id: UuidSchema }),
    response: LogRemoteDetailSchema,
  },
  /** What rolling the log back will do (the backend's rollback plan; offline, the cache's view). */
  'ops:logDetail.rollbackPreview': {
    request: z.strictObject({ id: UuidSchema }),
    response: RollbackPreviewSchema,
  },
  /** Auto-apply pauses in force (from the cache) for this log's rule on its plugin, with their local state. */
  'ops:pauses.forLog': {
    request: z.strictObject({ logId: UuidSchema }),
    response: z.object({ items: z.array(CachedPauseSchema) }),
  },
  /**
   * Resume auto-apply (ops). Queued in the outbox like the healing-log decisions (it works offline),
   * in the same transaction that marks the cached pause `queued`; sent with its idempotency key and
   * the pause version it was taken on as If-Match.
   */
  'ops:pauses.resume': {
    request: z.strictObject({ id: UuidSchema, comment: z.string().max(2000).optional() }),
    response: PauseResumeReceiptSchema,
  },
} as const;
