import { z } from 'zod';
import { HealingLogSchema } from '../schemas/autoheal.js';
import { PlatformSchema, UuidSchema } from '../schemas/common.js';
import { BackendProblemSchema } from './backend-problem.js';
import { PatchDraftDecisionSchema, PatchReviewDecisionSchema, PatchRolloutDecisionSchema, PatchServiceDecisionSchema } from './decision-kinds.js';

/**
 * Where a cached healing log stands relative to the server: `synced` (the cache mirrors the server),
 * `queued` (a decision waits in the outbox), `conflict` (the server changed the row meanwhile; the
 * user must resolve), `rejected` (the server refused the decision; shown for re-review).
 */
export const LOCAL_STATES = ['synced', 'queued', 'conflict', 'rejected'] as const;
export const LocalStateSchema = z.enum(LOCAL_STATES);
export type LocalState = z.infer<typeof LocalStateSchema>;

/** The decisions a user can take on a healing log (reviewer: approve, reject; ops: apply, rollback). */
export const DECISION_ACTIONS = ['approve', 'reject', 'apply', 'rollback'] as const;
export const DecisionActionSchema = z.enum(DECISION_ACTIONS);
export type DecisionAction = z.infer<typeof DecisionActionSchema>;

const Comment = z.string().max(2000);
/** One decision, as stored in the outbox and sent to the backend (the body of the decision route). */
export const DecisionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('approve'), comment: Comment.optional() }),
  z.strictObject({ action: z.literal('reject'), reason: z.string().trim().min(1).max(2000) }),
  z.strictObject({ action: z.literal('apply'), comment: Comment.optional() }),
  z.strictObject({
    action: z.literal('rollback'),
    reason: Comment.optional(),
    /** Sent as the server's `cascade` and `expected_newer`: roll back exactly these newer patches first. */
    cascade: z.literal(true).optional(),
    expected_newer: z.array(UuidSchema).max(500).optional(),
  }),
]);
export type Decision = z.infer<typeof DecisionSchema>;

/** Resuming auto-apply of a paused rule on a plugin (ops): the one decision whose target is a pause. */
export const ResumeDecisionSchema = z.strictObject({ action: z.literal('resume'), comment: Comment.optional() });
export type ResumeDecision = z.infer<typeof ResumeDecisionSchema>;

/** Anything the outbox carries: a decision on a healing log, or resuming a pause. */
export const OutboxDecisionSchema = z.union([DecisionSchema, ResumeDecisionSchema]);
export type OutboxDecision = z.infer<typeof OutboxDecisionSchema>;

/** The states of an outbox item. Sent items leave the outbox; conflicted ones become conflicts. */
export const OUTBOX_STATES = ['queued', 'rejected'] as const;
export const OutboxStateSchema = z.enum(OUTBOX_STATES);

const OutboxItemFields = {
  id: z.number().int(),
  /** The id of what the decision is taken on (the log, pause, draft, version row or patch). */
  targetId: z.string(),
  /** The row version the decision was taken on (sent as If-Match). */
  baseVersion: z.number().int(),
  idempotencyKey: z.string(),
  state: OutboxStateSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  decidedAt: z.string(),
  lastAttemptAt: z.string().nullable(),
};
const NotLogged = { logId: z.null(), pauseId: z.null() };

/** A queued (or server-refused) decision on a healing log. */
export const LogOutboxItemSchema = z.object({ ...OutboxItemFields, kind: z.literal('log'), logId: z.string(), pauseId: z.null(), decision: DecisionSchema });
/** A queued (or server-refused) resume of an auto-apply pause. */
export const PauseOutboxItemSchema = z.object({ ...OutboxItemFields, kind: z.literal('pause'), logId: z.null(), pauseId: z.string(), decision: ResumeDecisionSchema });

/**
 * One queued (or server-refused) decision, by its kind (see DECISION_KINDS): a log's names it by
 * `logId`, a pause's by `pauseId`, the SDK patch kinds' by `targetId` only (a draft, a version row, a patch).
 */
export const OutboxItemSchema = z.discriminatedUnion('kind', [
  LogOutboxItemSchema,
  PauseOutboxItemSchema,
  z.object({ ...OutboxItemFields, kind: z.literal('patch_draft'), ...NotLogged, decision: PatchDraftDecisionSchema }),
  z.object({ ...OutboxItemFields, kind: z.literal('patch_review'), ...NotLogged, decision: PatchReviewDecisionSchema }),
  z.object({ ...OutboxItemFields, kind: z.literal('patch_service'), ...NotLogged, decision: PatchServiceDecisionSchema }),
  z.object({ ...OutboxItemFields, kind: z.literal('patch_rollout'), ...NotLogged, decision: PatchRolloutDecisionSchema }),
]);
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

/** A healing log as the console holds it: the server row plus where it stands locally. */
export const CachedLogSchema = z.object({
  log: HealingLogSchema,
  /** The plugin's platform, when the plugin is cached. */
  platform: PlatformSchema.nullable(),
  localState: LocalStateSchema,
  /** The first decision waiting (or refused) for this log, if any. */
  pending: LogOutboxItemSchema.pick({ id: true, decision: true, state: true, lastError: true }).nullable(),
});
export type CachedLog = z.infer<typeof CachedLogSchema>;

export const CONNECTIVITY = ['online', 'offline', 'connecting'] as const;

/** What the status bar shows: connectivity, the last sync, the outbox and the open conflicts. */
export const SyncStatusSchema = z.object({
  connectivity: z.enum(CONNECTIVITY),
  /** The backend the console is on (`embedded`: the in-process demo backend). */
  profile: z.object({ id: z.string(), name: z.string(), url: z.string(), embedded: z.boolean().optional() }).nullable(),
  /** Who the backend says the token belongs to (null until known). */
  identity: z.object({ name: z.string(), role: z.string(), merchantId: z.string().nullable() }).nullable(),
  /** True while a pull or push round runs. */
  syncing: z.boolean(),
  /** True once the first full pull into an empty cache has finished. */
  initialSyncDone: z.boolean(),
  cursor: z.number().int(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  /** Why the console cannot sync, and since when: offline, or a backend that answers but refuses (absent or null: nothing failing). */
  offline: z.object({ problem: BackendProblemSchema, since: z.string() }).nullish(),
  outboxDepth: z.number().int(),
  outboxRejected: z.number().int(),
  conflicts: z.number().int(),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;
