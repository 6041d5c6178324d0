import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.js';

/**
 * What every patch does in the field, as the SDK runbook measures it (`GET /api/dev/patches/field-stats`).
 * Rates are fractions from 0 to 1. A rollback rate is null with 10 applications or fewer in 24 hours
 * (the runbook's `HAVING COUNT(*) > 10`); a failure rate is null without applications in the hour.
 */
export const PatchFieldStatsSchema = z.object({
  patch_id: UuidSchema,
  applications_7d: z.number().int(),
  successes_7d: z.number().int(),
  success_rate_7d: z.number().nullable(),
  applications_24h: z.number().int(),
  rollbacks_24h: z.number().int(),
  rollback_rate_24h: z.number().nullable(),
  applications_1h: z.number().int(),
  failures_1h: z.number().int(),
  failure_rate_1h: z.number().nullable(),
  /** Self-heal lookups this patch answered in the last hour (what deactivating it would have left unanswered). */
  lookups_1h: z.number().int(),
  /** The newest application or answered lookup. */
  last_seen_at: TimestampSchema.nullable(),
});
export type PatchFieldStats = z.infer<typeof PatchFieldStatsSchema>;

/**
 * SDK errors no patch answered over 7 days, grouped by what a patch would match on: the to-do list of
 * patch authors. `error_pattern` is the first 100 characters of the message (as the runbook groups).
 */
export const UnpatchedLookupSchema = z.object({
  sdk_language: z.string(),
  status: z.number().int().nullable(),
  error_code: z.string().nullable(),
  error_pattern: z.string(),
  occurrences: z.number().int(),
  developers: z.number().int(),
  last_seen_at: TimestampSchema,
});
export type UnpatchedLookup = z.infer<typeof UnpatchedLookupSchema>;

export const PatchFieldStatsResponseSchema = z.object({
  computed_at: TimestampSchema,
  patches: z.array(PatchFieldStatsSchema),
  unpatched: z.array(UnpatchedLookupSchema),
});
export type PatchFieldStatsResponse = z.infer<typeof PatchFieldStatsResponseSchema>;

/**
 * The SDK runbook's queries as tables (`GET /api/dev/runbook`), column for column what the runbook's
 * SQL returns, plus the patch id where the runbook groups by patch.
 */
export const RunbookSchema = z.object({
  computed_at: TimestampSchema,
  /** Most-used patches over 7 days (top 10). */
  most_used: z.array(
    z.object({
      patch_id: UuidSchema,
      sdk_language: z.string(),
      error_signature: z.string(),
      description: z.string(),
      applications: z.number().int(),
      success_rate: z.number().nullable(),
    }),
  ),
  /** Rollback rate per patch over 24 hours, patches with more than 10 applications; `rollback_rate` in percent. */
  rollback_rates: z.array(
    z.object({
      patch_id: UuidSchema,
      description: z.string(),
      total_applications: z.number().int(),
      rollbacks: z.number().int(),
      rollback_rate: z.number(),
    }),
  ),
  /** Patches applied per developer over 7 days (top 20). */
  errors_per_developer: z.array(
    z.object({
      developer_id: z.string(),
      sdk_language: z.string(),
      total_patches_applied: z.number().int(),
      successful: z.number().int(),
    }),
  ),
  /** `SELECT COUNT(*) FROM sdk_self_healing_registry WHERE active = true`. */
  active_patches: z.number().int(),
  /** Patches whose applications failed in the last hour. */
  failing_last_hour: z.array(z.object({ patch_id: UuidSchema, description: z.string(), failures: z.number().int() })),
  /** Errors no patch answered over 7 days (top 20). */
  unpatched_errors: z.array(z.object({ sdk_language: z.string(), error_pattern: z.string(), occurrences: z.number().int() })),
});
export type Runbook = z.infer<typeof RunbookSchema>;
export const RUNBOOK_TABLES = ['most_used', 'rollback_rates', 'errors_per_developer', 'active_patches', 'failing_last_hour', 'unpatched_errors'] as const;
export type RunbookTable = (typeof RUNBOOK_TABLES)[number];
