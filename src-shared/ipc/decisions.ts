import { z } from 'zod';
import { UuidSchema } from '../schemas/common.js';
import { DecisionActionSchema, LocalStateSchema } from './model.js';

/** What a decision returns at once: it is queued (the outbox sends it when the backend is reachable). */
export const DecisionReceiptSchema = z.object({
  outboxId: z.number().int(),
  logId: z.string(),
  action: DecisionActionSchema,
  localState: LocalStateSchema,
});
export type DecisionReceipt = z.infer<typeof DecisionReceiptSchema>;

const Comment = z.string().max(2000);

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
    request: z.strictObject({ logId: UuidSchema, reason: z.string().trim().min(1, 'a reason is required').max(2000) }),
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
} as const;
