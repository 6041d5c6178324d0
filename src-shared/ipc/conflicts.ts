import { z } from 'zod';
import { DecisionSchema } from './model.js';

/** A decision the server refused with 409 because the row moved on: what you decided, what it has now. */
export const ConflictSchema = z.object({
  id: z.number().int(),
  logId: z.string(),
  mine: z.object({
    decision: DecisionSchema,
    baseVersion: z.number().int(),
    decidedAt: z.string(),
  }),
  /** The server's current row (from the 409's `details.current`), or null when it sent none. */
  theirs: z.record(z.string(), z.unknown()).nullable(),
  /** The server's error code and message (stale_version, invalid_transition, ...). */
  error: z.object({ code: z.string(), message: z.string() }),
  createdAt: z.string(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const CONFLICT_RESOLUTIONS = ['keep_mine', 'take_theirs', 'discard'] as const;
export const ConflictResolutionSchema = z.enum(CONFLICT_RESOLUTIONS);

/**
 * Open conflicts and their resolution: keep mine (queue the decision again on the server's current
 * version, with a new idempotency key), take theirs (drop mine, cache the server's row), or discard
 * (drop mine; the next sync refreshes the row).
 */
export const CONFLICTS_CHANNELS = {
  'ops:conflicts.list': {
    request: z.strictObject({}),
    response: z.object({ items: z.array(ConflictSchema) }),
  },
  'ops:conflicts.resolve': {
    request: z.strictObject({ id: z.number().int().min(1), resolution: ConflictResolutionSchema }),
    response: z.object({ resolution: ConflictResolutionSchema, outboxId: z.number().int().nullable() }),
  },
} as const;
