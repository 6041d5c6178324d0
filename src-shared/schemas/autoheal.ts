import { z } from 'zod';
import { HEALING_STATUSES } from '../domain/healing-state.js';
import { CommandSchema } from './commands.js';
import { PauseSchema } from './pauses.js';
import { PluginSchema } from './plugins.js';
import {
  ConfidenceSchema,
  IsoDateTimeSchema,
  JsonObjectSchema,
  PlatformSchema,
  PluginIdSchema,
  SeveritySchema,
  TimestampSchema,
  UuidSchema,
  pageOf,
} from './common.js';

export const HealingStatusSchema = z.enum(HEALING_STATUSES);
export const PATCH_TYPES = ['database_patch', 'config_update', 'code_patch', 'dependency_update', 'notification'] as const;
export const PatchTypeSchema = z.enum(PATCH_TYPES);

/** A proposed plugin patch: what to do, and optionally the plugin-state keys it changes. */
export const ProposedPatchSchema = z
  .object({
    type: PatchTypeSchema,
    action: z.string().min(1).max(100),
    /** Keys of the plugin's state this patch sets (a JSON merge patch: null removes a key). */
    state_changes: JsonObjectSchema.optional(),
  })
  .catchall(z.unknown());
export type ProposedPatch = z.infer<typeof ProposedPatchSchema>;

/** One reviewer's approval; `token_id` tells distinct reviewers apart even when names repeat. */
export const ApprovalSchema = z.object({
  by: z.string(),
  role: z.string(),
  at: TimestampSchema,
  token_id: z.string().optional(),
  comment: z.string().optional(),
});

/** One row of `plugin_auto_healing_logs`. */
export const HealingLogSchema = z.object({
  id: UuidSchema,
  plugin_id: z.string(),
  rule_id: UuidSchema.nullable(),
  detected_issue: z.string(),
  issue_severity: SeveritySchema,
  patch_type: PatchTypeSchema,
  proposed_patch: ProposedPatchSchema,
  sira_decision: JsonObjectSchema,
  sira_confidence: z.number(),
  status: HealingStatusSchema,
  auto_applied: z.boolean(),
  required_approvals: z.number().int(),
  approvals: z.array(ApprovalSchema),
  rejection_reason: z.string().nullable(),
  snapshot_id: UuidSchema.nullable(),
  patched_state: JsonObjectSchema.nullable(),
  failure_reason: z.string().nullable(),
  superseded_by: UuidSchema.nullable(),
  created_by: z.string(),
  applied_by: z.string().nullable(),
  applied_at: TimestampSchema.nullable(),
  rolled_back_by: z.string().nullable(),
  rolled_back_at: TimestampSchema.nullable(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  version: z.number().int(),
});
export type HealingLog = z.infer<typeof HealingLogSchema>;

/** `POST /autoheal`: the analyser proposes a patch. */
export const ProposeBodySchema = z.object({
  plugin_id: PluginIdSchema,
  detected_issue: z.string().min(1).max(4000),
  issue_severity: SeveritySchema,
  patch_type: PatchTypeSchema,
  proposed_patch: ProposedPatchSchema,
  sira_confidence: ConfidenceSchema,
  /** Name of the healing rule this proposal comes from, if any (its threshold and auto-apply flag apply). */
  rule: z.string().min(1).max(100).optional(),
  sira_decision: JsonObjectSchema.optional(),
});
export type ProposeBody = z.infer<typeof ProposeBodySchema>;

export const ProposeResponseSchema = z.object({
  log: HealingLogSchema,
  auto_applied: z.boolean(),
  command_id: UuidSchema.nullable(),
  /** Why the proposal was not auto-applied (below threshold, rule forbids it, paused ...). */
  review_reason: z.string().nullable(),
});

export const ApproveBodySchema = z.object({ comment: z.string().max(2000).optional() }).default({});
export const RejectBodySchema = z.object({ reason: z.string().trim().min(1).max(2000) });
export const ApplyBodySchema = z.object({ comment: z.string().max(2000).optional() }).default({});
export const RollbackBodySchema = z.object({ reason: z.string().max(2000).optional() }).default({});

export const TransitionResponseSchema = z.object({
  log: HealingLogSchema,
  command_id: UuidSchema.nullable(),
  /** For approvals: how many more distinct reviewers are needed. */
  approvals_remaining: z.number().int(),
  /** For rollbacks of an auto-applied patch: the auto-apply pause now in force for its rule on this plugin. */
  pause: PauseSchema.nullable().optional(),
});

/** Every transition route addresses a log by its uuid. */
export const LogIdParamsSchema = z.object({ id: UuidSchema });

/**
 * `GET /autoheal/logs`: comma-separated `status` and `severity` lists, confidence range (inclusive),
 * creation time (`since` inclusive, `until` exclusive), `q` (case-insensitive literal substring of the
 * detected issue), newest first, keyset-paginated.
 */
export const LogsQuerySchema = z
  .object({
  status: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(HealingStatusSchema))
    .optional(),
  severity: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(SeveritySchema))
    .optional(),
  plugin_id: PluginIdSchema.optional(),
  platform: PlatformSchema.optional(),
  min_confidence: z.coerce.number().min(0).max(100).optional(),
  max_confidence: z.coerce.number().min(0).max(100).optional(),
  since: IsoDateTimeSchema.optional(),
  until: IsoDateTimeSchema.optional(),
  q: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
})
  .refine((q) => q.min_confidence === undefined || q.max_confidence === undefined || q.min_confidence <= q.max_confidence, {
    message: 'min_confidence must not exceed max_confidence',
    path: ['min_confidence'],
  });
export type LogsQuery = z.infer<typeof LogsQuerySchema>;

export const StatsQuerySchema = z.object({ days: z.coerce.number().int().min(1).max(3650).default(30) });
/** The seed's stat cards, from `get_auto_healing_stats()`. */
export const AutohealStatsSchema = z.object({
  days: z.number().int(),
  total: z.number().int(),
  applied: z.number().int(),
  rolled_back: z.number().int(),
  failed: z.number().int(),
  pending_review: z.number().int(),
  auto_applied: z.number().int(),
  avg_confidence: z.number().nullable(),
  success_rate: z.number().nullable(),
  by_status: z.record(z.string(), z.number().int()),
  by_severity: z.record(z.string(), z.number().int()),
});


export const LogsPageSchema = pageOf(HealingLogSchema);

/** What a pre-patch snapshot holds: the plugin's patchable columns at that moment. */
export const SnapshotDataSchema = z.object({
  cms_version: z.string(),
  plugin_version: z.string(),
  php_version: z.string().nullable(),
  state: JsonObjectSchema,
});

/** One row of `plugin_snapshots`. */
export const SnapshotSchema = z.object({
  id: UuidSchema,
  plugin_id: z.string(),
  healing_log_id: UuidSchema.nullable(),
  snapshot_data: SnapshotDataSchema,
  created_at: TimestampSchema,
  restored_at: TimestampSchema.nullable(),
  version: z.number().int(),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

/** One audit row about a healing log: who (and with which role) did what, before and after. */
export const AuditEntrySchema = z.object({
  id: z.number().int(),
  actor_name: z.string(),
  actor_role: z.string(),
  action: z.string(),
  entity_type: z.string(),
  entity_id: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  at: TimestampSchema,
});

/**
 * `GET /autoheal/logs/:id`: everything the console's detail pane shows. `audit` is empty for
 * merchant tokens (it names staff); `review_reason` says why the log waited for a human.
 */
export const LogDetailSchema = z.object({
  log: HealingLogSchema,
  plugin: PluginSchema,
  snapshot: SnapshotSchema.nullable(),
  commands: z.array(CommandSchema),
  audit: z.array(AuditEntrySchema),
  review_reason: z.string().nullable(),
});
