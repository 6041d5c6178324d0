import { z } from 'zod';
import { DecisionSubjectSchema, DeliverySchema } from './delivery.js';
import { DecisionSchema, ResumeDecisionSchema } from './model.js';

const ConflictFields = {
  id: z.number().int(),
  /** The server's current row (from the 409's `details.current`), or null when it sent none. */
  theirs: z.record(z.string(), z.unknown()).nullable(),
  /** The server's error code and message (stale_version, invalid_transition, ...). */
  error: z.object({ code: z.string(), message: z.string() }),
  createdAt: z.string(),
};
const MineFields = { baseVersion: z.number().int(), decidedAt: z.string() };

/**
 * A decision the server refused with 409 because the row moved on: what you decided, what it has
 * now. Exactly one of `logId` (a healing-log decision) and `pauseId` (resuming a pause) names the row.
 */
export const ConflictSchema = z.union([
  z.object({ ...ConflictFields, logId: z.string(), pauseId: z.null(), mine: z.object({ ...MineFields, decision: DecisionSchema }) }),
  z.object({ ...ConflictFields, logId: z.null(), pauseId: z.string(), mine: z.object({ ...MineFields, decision: ResumeDecisionSchema }) }),
]);
export type Conflict = z.infer<typeof ConflictSchema>;

export const CONFLICT_RESOLUTIONS = ['keep_mine', 'take_theirs', 'discard'] as const;
export const ConflictResolutionSchema = z.enum(CONFLICT_RESOLUTIONS);

/**
 * Open conflicts and their resolution: keep mine (queue the decision again on the server's current
 * version, with a new idempotency key), take theirs (drop mine, cache the server's row), or discard
 * (drop mine; the next sync refreshes the row). The same three work for a log and for a pause.
 */
export const CONFLICTS_CHANNELS = {
  'ops:conflicts.list': {
    request: z.strictObject({}),
    response: z.object({ items: z.array(ConflictSchema) }),
  },
  'ops:conflicts.resolve': {
    request: z.strictObject({ id: z.number().int().min(1), resolution: ConflictResolutionSchema }),
    response: z.object({
      resolution: ConflictResolutionSchema,
      outboxId: z.number().int().nullable(),
      subject: DecisionSubjectSchema,
      /** Keep mine: what became of the decision queued again (null for the other choices, which send nothing). */
      delivery: DeliverySchema.nullable(),
    }),
  },
} as const;
