import { z } from 'zod';
import { SeveritySchema, TimestampSchema, UuidSchema } from './common.js';

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

export const ApprovalPolicySchema = z.object({
  required_approvals: z.record(SeveritySchema, z.number().int().min(1).max(5)),
});
