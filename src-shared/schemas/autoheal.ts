import { z } from 'zod';
import { codePatchProblem } from '../domain/code-patch.js';
import { HEALING_STATUSES } from '../domain/healing-state.js';
import { AuditEntrySchema } from './admin.js';
import { CommandSchema, CommandStatusSchema } from './commands.js';
import { PauseSchema } from './pauses.js';
import { PluginSchema } from './plugins.js';
import { CodeExcerptSchema } from './preview.js';
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
  /** The reason given when the log was rolled back (optional: rows cached before it was recorded lack it). */
  rollback_reason: z.string().nullable().optional(),
  /** Set when a cascading rollback took this log along: the older log whose rollback was asked for. */
  rollback_cascade_of: UuidSchema.nullable().optional(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  version: z.number().int(),
});
export type HealingLog = z.infer<typeof HealingLogSchema>;

/**
 * A code excerpt as a plugin or the analyser reports it: the shared excerpt shape, with the failing
 * line inside the excerpt. Secrets in its lines are redacted by the backend before it is stored.
 */
export const ReportedExcerptSchema = CodeExcerptSchema.superRefine((excerpt, ctx) => {
  const last = excerpt.start_line + excerpt.lines.length - 1;
  if (excerpt.failing_line < excerpt.start_line || excerpt.failing_line > last) {
    ctx.addIssue({
      code: 'custom',
      path: ['failing_line'],
      message: `line ${excerpt.failing_line} is outside the excerpt, which holds lines ${excerpt.start_line} to ${last}`,
    });
  }
});

/** What the analyser saw when it proposed a patch. */
export const ProposalContextSchema = z.object({
  /** The excerpt of the file around the failing line (code patches show their diff from it). */
  excerpt: ReportedExcerptSchema.optional(),
});

/**
 * `POST /autoheal`: the analyser proposes a patch. A `code_patch` must say what it replaces:
 * `file`, `search` and `replace` (see `src-shared/domain/code-patch.ts`).
 */
export const ProposeBodySchema = z
  .object({
    plugin_id: PluginIdSchema,
    detected_issue: z.string().min(1).max(4000),
    issue_severity: SeveritySchema,
    patch_type: PatchTypeSchema,
    proposed_patch: ProposedPatchSchema,
    sira_confidence: ConfidenceSchema,
    /** Name of the healing rule this proposal comes from, if any (its threshold and auto-apply flag apply). */
    rule: z.string().min(1).max(100).optional(),
    sira_decision: JsonObjectSchema.optional(),
    context: ProposalContextSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.proposed_patch.type !== 'code_patch' && body.patch_type !== 'code_patch') return;
    const problem = codePatchProblem(body.proposed_patch);
    if (problem) ctx.addIssue({ code: 'custom', path: ['proposed_patch', problem.field], message: problem.message });
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
/**
 * `POST /autoheal/:id/rollback`. Restoring a log's snapshot undoes every patch applied on the plugin
 * after it, so a rollback with newer applied patches is refused (409 `newer_patches_applied`) unless
 * `cascade` is set: then those are rolled back first, newest first.
 */
export const RollbackBodySchema = z
  .object({
    reason: z.string().max(2000).optional(),
    /** Roll back the newer applied patches on the same plugin first (newest first), then this one. */
    cascade: z.boolean().optional(),
    /**
     * With `cascade`: the newer logs the caller agreed to roll back (the `log_id`s of the 409's
     * `newer`). When the plugin's newer patches are no longer exactly these, nothing is rolled back
     * and the 409 lists them again.
     */
    expected_newer: z.array(UuidSchema).max(500).optional(),
  })
  .default({});
export type RollbackBody = z.infer<typeof RollbackBodySchema>;

/** A patch on the same plugin that stands in the way of a rollback. */
export const BlockingPatchSchema = z.object({
  log_id: UuidSchema,
  rule_id: UuidSchema.nullable(),
  /** The rule's name, when the patch came from one. */
  rule: z.string().nullable(),
  detected_issue: z.string(),
  /** `applied`: restoring the older snapshot would undo it. `applying`: its outcome is not known yet. */
  status: z.enum(['applied', 'applying']),
  applied_at: TimestampSchema.nullable(),
  auto_applied: z.boolean(),
  /** The log's version, for `If-Match` on its own rollback. */
  version: z.number().int(),
});
export type BlockingPatch = z.infer<typeof BlockingPatchSchema>;

/**
 * Codes of a refused rollback. `newer_patches_applied`: patches were applied on the plugin after this
 * one (or, with `expected_newer`, not exactly the expected ones); send `cascade: true` to roll them back
 * too. `patch_applying`: a patch on the plugin is still applying; retry once its outcome is in.
 */
export const ROLLBACK_CONFLICT_CODES = ['newer_patches_applied', 'patch_applying'] as const;
export type RollbackConflictCode = (typeof ROLLBACK_CONFLICT_CODES)[number];

/** `error.details` of a refused rollback: the log as it is, and the patches in the way, newest first. */
export const RollbackConflictDetailsSchema = z.object({
  current: HealingLogSchema,
  newer: z.array(BlockingPatchSchema),
});
export type RollbackConflictDetails = z.infer<typeof RollbackConflictDetailsSchema>;

/**
 * `GET /autoheal/:id/rollback-plan`: what rolling this applied log back would do now, read-only.
 * `newer` is what a rollback without `cascade` would be refused for (newest first); send their
 * `log_id`s as `expected_newer` with `cascade: true`, so nothing applied since is rolled back unseen.
 */
export const RollbackPlanSchema = z.object({
  log: HealingLogSchema,
  /** The auto-apply pause the rollback writes for the log's rule on its plugin (null: none). */
  pause: z
    .object({
      rule_id: UuidSchema,
      rule: z.string().nullable(),
      plugin_id: z.string(),
      /** A pause is in force already: the rollback leaves it as it is. */
      already_paused: z.boolean(),
    })
    .nullable(),
  newer: z.array(BlockingPatchSchema),
});
export type RollbackPlan = z.infer<typeof RollbackPlanSchema>;

/**
 * The patch still applying on a plugin. Only one patch applies on a plugin at a time: each apply's
 * patched state and snapshot are taken from the plugin as it is, so a second one started before the
 * plugin acknowledged the first would overwrite its change.
 */
export const ApplyingPatchSchema = z.object({
  log_id: UuidSchema,
  status: z.literal('applying'),
  /** When it started applying (its snapshot was taken then). */
  since: TimestampSchema,
  rule_id: UuidSchema.nullable(),
  /** The rule's name, when the patch came from one. */
  rule: z.string().nullable(),
  detected_issue: z.string(),
  auto_applied: z.boolean(),
  version: z.number().int(),
  /** Its `apply_patch` command, and whether the plugin has picked it up (`leased`) or not (`pending`). */
  command_id: UuidSchema.nullable(),
  command_status: CommandStatusSchema.nullable(),
});
export type ApplyingPatch = z.infer<typeof ApplyingPatchSchema>;

/**
 * Codes of a refused apply beyond the state machine's. `plugin_busy`: another patch on the plugin is
 * still applying; apply this one once the plugin acknowledged it (or its lease ran out).
 */
export const APPLY_CONFLICT_CODES = ['plugin_busy'] as const;
export type ApplyConflictCode = (typeof APPLY_CONFLICT_CODES)[number];

/** `error.details` of a refused apply: the log asked for, as it is, and the patch in the way. */
export const ApplyConflictDetailsSchema = z.object({
  current: HealingLogSchema,
  applying: ApplyingPatchSchema,
});
export type ApplyConflictDetails = z.infer<typeof ApplyConflictDetailsSchema>;

/** One newer log a cascading rollback rolled back before the requested one. */
export const CascadedRollbackSchema = z.object({
  log: HealingLogSchema,
  command_id: UuidSchema,
});

export const TransitionResponseSchema = z.object({
  log: HealingLogSchema,
  command_id: UuidSchema.nullable(),
  /** For approvals: how many more distinct reviewers are needed. */
  approvals_remaining: z.number().int(),
  /** For rollbacks of an auto-applied patch: the auto-apply pause now in force for its rule on this plugin. */
  pause: PauseSchema.nullable().optional(),
  /**
   * For a cascading rollback: the newer logs rolled back first, in the order they were (newest
   * first), each with its rollback command. Their rules' auto-apply is not paused.
   */
  cascaded: z.array(CascadedRollbackSchema).optional(),
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

/** One audit row about a healing log: who (by name and role) did what, before and after; not the token id. */
export const LogAuditEntrySchema = AuditEntrySchema.omit({ actor_id: true });

/**
 * `GET /autoheal/logs/:id`: everything the console's detail pane shows. `audit` is empty for
 * merchant tokens (it names staff); `review_reason` says why the log waited for a human.
 */
export const LogDetailSchema = z.object({
  log: HealingLogSchema,
  plugin: PluginSchema,
  snapshot: SnapshotSchema.nullable(),
  commands: z.array(CommandSchema),
  audit: z.array(LogAuditEntrySchema),
  review_reason: z.string().nullable(),
});
