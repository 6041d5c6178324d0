import { z } from 'zod';
import { UuidSchema } from '../schemas/common.js';
import { DecisionSubjectSchema, DeliverySchema } from './delivery.js';
import { DecisionActionSchema, LocalStateSchema } from './model.js';
import { TRIAGE_PAGE_MAX } from './triage.js';

/**
 * What a decision returns: it is queued, and what became of it within a short wait for its push
 * (`delivery`), with the log it was taken on as the console names it.
 */
export const DecisionReceiptSchema = z.object({
  outboxId: z.number().int(),
  logId: z.string(),
  action: DecisionActionSchema,
  localState: LocalStateSchema,
  subject: DecisionSubjectSchema,
  delivery: DeliverySchema,
});
export type DecisionReceipt = z.infer<typeof DecisionReceiptSchema>;

const Comment = z.string().max(2000);
const Reason = z.string().trim().min(1, 'a reason is required').max(2000);
const BulkIds = z.array(UuidSchema).min(1).max(TRIAGE_PAGE_MAX).refine((ids) => new Set(ids).size === ids.length, 'logIds must not repeat a log');

/** One log of a bulk decision: its receipt, or why it was not queued (the others still were). */
export const BulkDecisionItemSchema = z.discriminatedUnion('queued', [
  z.object({ queued: z.literal(true), logId: z.string(), receipt: DecisionReceiptSchema }),
  z.object({ queued: z.literal(false), logId: z.string(), error: z.string() }),
]);
export type BulkDecisionItem = z.infer<typeof BulkDecisionItemSchema>;

/**
 * Decisions on a cached healing log. Each is written to the outbox in the same transaction that
 * marks the log `queued`, so it survives a crash and is sent exactly once.
 */
export const DECISIONS_CHANNELS = {
  'ops:decisions.approve': {
    request: z.strictObject({ logId: UuidSchema, comment: Comment.optional() }),
    response: DecisionReceiptSchema,
  },
  'ops:decisions.reject': {
    request: z.strictObject({ logId: UuidSchema, reason: Reason }),
    response: DecisionReceiptSchema,
  },
  'ops:decisions.apply': {
    request: z.strictObject({ logId: UuidSchema, comment: Comment.optional() }),
    response: DecisionReceiptSchema,
  },
  'ops:decisions.rollback': {
    request: z.strictObject({
      logId: UuidSchema,
      reason: Comment.optional(),
      /**
       * The newer patches on the plugin the confirmation showed (log ids): the rollback cascades to
       * exactly these, and the server refuses it if the plugin's newer patches are others.
       */
      expectedNewer: z.array(UuidSchema).max(500).optional(),
    }),
    response: DecisionReceiptSchema,
  },
  /**
   * Approve or reject several logs: one queued decision each, in the order given (a refusal of one
   * does not stop the rest), then one bounded wait for all their pushes.
   */
  'ops:decisions.bulk': {
    request: z.discriminatedUnion('action', [
      z.strictObject({ action: z.literal('approve'), logIds: BulkIds }),
      z.strictObject({ action: z.literal('reject'), logIds: BulkIds, reason: Reason }),
    ]),
    response: z.object({ items: z.array(BulkDecisionItemSchema) }),
  },
} as const;
