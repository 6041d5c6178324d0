import { z } from 'zod';
import { ConfidenceSchema, JsonObjectSchema, PlatformSchema, SeveritySchema, TimestampSchema, UuidSchema } from './common.js';
import { PatchTypeSchema } from './autoheal.js';

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

