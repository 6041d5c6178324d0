import { z } from 'zod';
import { ConfidenceSchema, JsonObjectSchema, PlatformSchema, SeveritySchema, TimestampSchema, UuidSchema, pageOf } from './common.js';
import { PatchTypeSchema } from './autoheal.js';

/** A healing rule: an error pattern, the platforms it covers, and the patch it proposes. */
export const RuleSchema = z.object({
  id: UuidSchema,
  name: z.string(),
  description: z.string(),
  error_pattern: z.string(),
  platforms: z.array(z.string()),
  auto_apply: z.boolean(),
  confidence: z.number(),
  auto_apply_threshold: z.number(),
  action: z.string(),
  severity: SeveritySchema,
  patch_type: PatchTypeSchema,
  patch_template: JsonObjectSchema,
  active: z.boolean(),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  version: z.number().int(),
});
export type Rule = z.infer<typeof RuleSchema>;

/**
 * Creates or replaces the rule with this name. `error_pattern` is an RE2 expression (no
 * backreferences or lookaround), matched case-insensitively; patterns that could backtrack
 * catastrophically are refused. `patch_template` is the proposed patch; its `type` and `action`
 * default to `patch_type` and `action`.
 */
export const UpsertRuleBodySchema = z.object({
  name: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'lower-case snake_case'),
  description: z.string().max(2000).default(''),
  error_pattern: z.string().min(1).max(500),
  platforms: z.array(z.union([PlatformSchema, z.literal('all')])).min(1),
  auto_apply: z.boolean(),
  confidence: ConfidenceSchema,
  auto_apply_threshold: ConfidenceSchema.default(85),
  action: z.string().min(1).max(100),
  severity: SeveritySchema.default('medium'),
  patch_type: PatchTypeSchema,
  patch_template: JsonObjectSchema.default({}),
  active: z.boolean().default(true),
});
export type UpsertRuleBody = z.infer<typeof UpsertRuleBodySchema>;

export const RuleListQuerySchema = z.object({
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  platform: z.union([PlatformSchema, z.literal('all')]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().max(200).optional(),
});
export const RulePageSchema = pageOf(RuleSchema);
