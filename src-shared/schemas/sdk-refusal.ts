import { z } from 'zod';
import { IsoDateTimeSchema, QueryInt, TimestampSchema, UuidSchema, VersionNumberSchema } from './common.js';
import { SdkLanguageSchema } from '../patch-format.js';

/**
 * Why an SDK refused a served patch version, in the spirit of The Update Framework:
 * `expired` (freeze attack: its signed `expires_at` passed), `rollback` (older than a version of the
 * same patch the SDK has already seen), `unsigned`, `unknown_key`, `bad_signature`, `hash_mismatch`,
 * `wrong_language`, `code_patch_not_allowed`, `invalid_actions`.
 */
export const PatchRefusalReasonSchema = z.enum([
  'expired',
  'rollback',
  'unsigned',
  'unknown_key',
  'bad_signature',
  'hash_mismatch',
  'wrong_language',
  'code_patch_not_allowed',
  'invalid_actions',
]);
export type PatchRefusalReason = z.infer<typeof PatchRefusalReasonSchema>;

export const PatchRefusalReportSchema = z
  .object({
    report_id: z.string().min(8).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, ".", "_", ":" and "-" only'),
    patch_id: UuidSchema,
    patch_version: VersionNumberSchema,
    sdk_language: SdkLanguageSchema,
    sdk_version: z.string().min(1).max(64).optional(),
    reason_code: PatchRefusalReasonSchema,
    /** The SDK's sentence (no secrets). */
    reason: z.string().min(1).max(2000),
    /** The version's signed expiry as served, when it had one. */
    expires_at: IsoDateTimeSchema.nullable().optional(),
    /** For `rollback`: the highest version of this patch the SDK had seen. */
    highest_seen_version: VersionNumberSchema.nullable().optional(),
    /** When the SDK refused it; a time in the future (a skewed SDK clock) is stored as the time of receipt. */
    refused_at: IsoDateTimeSchema,
  })
  .strict();
export type PatchRefusalReport = z.infer<typeof PatchRefusalReportSchema>;

export const PatchRefusalsBodySchema = z.object({ refusals: z.array(PatchRefusalReportSchema).min(1).max(500) }).strict();
export type PatchRefusalsBody = z.infer<typeof PatchRefusalsBodySchema>;

/** `POST /api/dev/patch-refusals`: how many refusals were stored, and how many were already (same report_id). */
export const PatchRefusalsResponseSchema = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
});

/** `GET /api/dev/patch-refusals`: the newest refusals, of one patch or of all. */
export const PatchRefusalListQuerySchema = z.object({
  patch_id: UuidSchema.optional(),
  limit: QueryInt(1, 500).default(100),
});

/** A stored refusal: the SDK's report, who sent it and when it arrived. */
export const PatchRefusalSchema = z.object({
  id: z.number().int(),
  report_id: z.string(),
  developer_id: z.string(),
  patch_id: UuidSchema,
  patch_version: z.number().int(),
  sdk_language: z.string(),
  sdk_version: z.string().nullable(),
  reason_code: PatchRefusalReasonSchema,
  reason: z.string(),
  expires_at: TimestampSchema.nullable(),
  highest_seen_version: z.number().int().nullable(),
  refused_at: TimestampSchema,
  received_at: TimestampSchema,
});
export type PatchRefusal = z.infer<typeof PatchRefusalSchema>;
export const PatchRefusalListResponseSchema = z.object({ refusals: z.array(PatchRefusalSchema) });
