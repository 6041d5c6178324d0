import { z } from 'zod';
import { HEALING_STATUSES } from '../domain/healing-state.js';
import {
  ConfidenceSchema,
  IsoDateTimeSchema,
  JsonObjectSchema,
  PlatformSchema,
  PluginIdSchema,
  SeveritySchema,
  TimestampSchema,
  UuidSchema,
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

export const ApprovalSchema = z.object({ by: z.string(), role: z.string(), at: TimestampSchema });

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
});

export const LogsQuerySchema = z.object({
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

