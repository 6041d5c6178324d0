import { z } from 'zod';
import { PatchDraftDecisionSchema, PatchReviewDecisionSchema, PatchRolloutDecisionSchema, PatchServiceDecisionSchema } from './decision-kinds.js';
import { DecisionSubjectSchema, DeliverySchema } from './delivery.js';
import { DecisionSchema, ResumeDecisionSchema } from './model.js';

const ConflictFields = {
  id: z.number().int(),
  /** The id of what the decision was taken on (the log, pause, draft, version row or patch). */
  targetId: z.string(),
  /** What it was taken on, named from the cache (for a patch kind: the patch's signature and version). */
  subject: DecisionSubjectSchema,
  /** The server's current row (from the 409's `details.current`), or null when it sent none. */
  theirs: z.record(z.string(), z.unknown()).nullable(),
  /** The server's error code and message (stale_version, invalid_transition, ...). */
  error: z.object({ code: z.string(), message: z.string() }),
  createdAt: z.string(),
};
const MineFields = { baseVersion: z.number().int(), decidedAt: z.string() };
const NotLogged = { logId: z.null(), pauseId: z.null() };

/**
 * A decision the server refused with 409 because the row moved on: what you decided, what it has
 * now. `kind` says what it was taken on: a healing log (`logId`), resuming a pause (`pauseId`), a
 * patch draft's submission, a patch version's review, a patch's deactivation or reactivation, or a
 * reviewer's hand on a patch's rollout (`targetId`, the patch; `logId` and `pauseId` are null).
 */
export const ConflictSchema = z.discriminatedUnion('kind', [
  z.object({ ...ConflictFields, kind: z.literal('log'), logId: z.string(), pauseId: z.null(), mine: z.object({ ...MineFields, decision: DecisionSchema }) }),
  z.object({ ...ConflictFields, kind: z.literal('pause'), logId: z.null(), pauseId: z.string(), mine: z.object({ ...MineFields, decision: ResumeDecisionSchema }) }),
  z.object({ ...ConflictFields, kind: z.literal('patch_draft'), ...NotLogged, mine: z.object({ ...MineFields, decision: PatchDraftDecisionSchema }) }),
  z.object({ ...ConflictFields, kind: z.literal('patch_review'), ...NotLogged, mine: z.object({ ...MineFields, decision: PatchReviewDecisionSchema }) }),
  z.object({ ...ConflictFields, kind: z.literal('patch_service'), ...NotLogged, mine: z.object({ ...MineFields, decision: PatchServiceDecisionSchema }) }),
  z.object({ ...ConflictFields, kind: z.literal('patch_rollout'), ...NotLogged, mine: z.object({ ...MineFields, decision: PatchRolloutDecisionSchema }) }),
]);
export type Conflict = z.infer<typeof ConflictSchema>;

export const CONFLICT_RESOLUTIONS = ['keep_mine', 'take_theirs', 'discard'] as const;
export const ConflictResolutionSchema = z.enum(CONFLICT_RESOLUTIONS);

/**
 * Open conflicts and their resolution: keep mine (queue the decision again on the server's current
 * version, with a new idempotency key), take theirs (drop mine, cache the server's row), or discard
 * (drop mine; the next sync refreshes the row). The same three work for every kind; for a
 * patch draft, take theirs and discard give the draft back for editing.
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
