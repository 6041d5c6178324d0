import { z } from 'zod';
import { MAX_REQUIRED_APPROVALS, MIN_REQUIRED_APPROVALS } from '../domain/review-rules.js';
import { PluginIdSchema, SeveritySchema, TimestampSchema, UuidSchema, pageOf } from './common.js';

/**
 * An auto-apply pause for one rule on one plugin (made when a human rolls back an auto-applied
 * patch). Active while `resumed_at` is null.
 */
export const PauseSchema = z.object({
  id: UuidSchema,
  rule_id: UuidSchema,
  rule_name: z.string(),
  plugin_id: z.string(),
  healing_log_id: UuidSchema.nullable(),
  paused_by: z.string(),
  paused_at: TimestampSchema,
  reason: z.string().nullable(),
  resumed_by: z.string().nullable(),
  resumed_at: TimestampSchema.nullable(),
  version: z.number().int(),
});

const RequiredApprovalsSchema = z.number().int().min(MIN_REQUIRED_APPROVALS).max(MAX_REQUIRED_APPROVALS);

/** How many distinct reviewers a proposal needs, by its severity. */
export const ApprovalPolicySchema = z.object({
  required_approvals: z.record(SeveritySchema, RequiredApprovalsSchema),
});

export const PausesQuerySchema = z.object({
  /** `true`: only pauses in force; `false`: only resumed ones; absent: both. */
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  plugin_id: PluginIdSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export const PausesPageSchema = pageOf(PauseSchema);
export const PauseIdParamsSchema = z.object({ id: UuidSchema });
export const ResumePauseBodySchema = z.object({ comment: z.string().max(2000).optional() }).default({});

/** `PUT /autoheal/policy`: the severities to change; the others keep their value. */
export const UpdateApprovalPolicyBodySchema = z.object({
  required_approvals: z
    .partialRecord(SeveritySchema, RequiredApprovalsSchema)
    .refine((r) => Object.keys(r).length > 0, 'name at least one severity'),
});
