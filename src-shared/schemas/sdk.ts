import { z } from 'zod';
import { PatchActionsSchema, PatchMatchSchema, SdkLanguageSchema } from '../patch-format.js';
import { IsoDateTimeSchema, JsonObjectSchema, QueryInt, SeveritySchema, TimestampSchema, UuidSchema, VersionNumberSchema } from './common.js';

/** Largest serialized `context` an SDK may attach to a lookup or a report. */
export const MAX_CONTEXT_BYTES = 16 * 1024;
/** Longest error message accepted (only the first 4 KiB are matched and stored). */
export const MAX_ERROR_MESSAGE_LENGTH = 16 * 1024;

const ContextSchema = JsonObjectSchema.refine(
  (context) => JSON.stringify(context).length <= MAX_CONTEXT_BYTES,
  `context must serialize to at most ${MAX_CONTEXT_BYTES} bytes`,
);
const CodeSchema = z.string().min(1).max(20_000);
/** Longest change note, review comment or reason a patch version keeps. */
export const MAX_NOTE_LENGTH = 2000;

export const PATCH_VERSION_STATUSES = ['pending_review', 'active', 'retired', 'rejected', 'superseded'] as const;
/**
 * A version's review state. `active` is the approved version the registry serves (while the patch
 * itself is active); `retired` was active before a newer version was approved; `superseded` was
 * still waiting for review when a newer version was written.
 */
export const PatchVersionStatusSchema = z.enum(PATCH_VERSION_STATUSES);

/**
 * A registry row: the patch's current face (the active version's content once one is approved).
 * `active` says whether it is served; `deactivated_at` whether a dev_admin took it out of service,
 * which wins over every version: none can be approved until the patch is reactivated.
 */
export const SdkPatchSchema = z.object({
  id: UuidSchema,
  sdk_language: z.string(),
  error_signature: z.string(),
  patch_code: z.string().nullable(),
  rollback_code: z.string().nullable(),
  description: z.string(),
  severity: SeveritySchema,
  active: z.boolean(),
  /** The newest version number; send it as `If-Match` when changing the patch. */
  version: z.number().int(),
  active_version: z.number().int().nullable(),
  created_by: z.string(),
  /** The author's name (null for rows written before names were kept). */
  created_by_name: z.string().nullable().default(null),
  created_at: TimestampSchema,
  updated_at: TimestampSchema,
  /** When the patch was deactivated (DELETE); null while it is in service or waiting for its first approval. */
  deactivated_at: TimestampSchema.nullable(),
  /** Who deactivated it (null for patches deactivated before this was recorded). */
  deactivated_by: z.string().nullable(),
});
export type SdkPatch = z.infer<typeof SdkPatchSchema>;

/** What a patch version says and how it is fingerprinted: stored in a version and served to SDKs alike. */
const PatchContentFields = {
  version: z.number().int(),
  sdk_language: z.string(),
  error_signature: z.string(),
  description: z.string(),
  severity: SeveritySchema,
  match: z.record(z.string(), z.unknown()),
  actions: z.array(z.record(z.string(), z.unknown())),
  patch_code: z.string().nullable(),
  rollback_code: z.string().nullable(),
  /** SHA-256 (hex) of `signedPayloadOf(patch)`. */
  content_hash: z.string(),
};

/** One immutable, signed version of a patch. */
export const SdkPatchVersionSchema = z.object({
  id: UuidSchema,
  patch_id: UuidSchema,
  ...PatchContentFields,
  signature: z.string().nullable(),
  key_id: z.string().nullable(),
  status: PatchVersionStatusSchema,
  /** The author's token id: what the two-person rule compares. */
  created_by: z.string(),
  /** The author's and the reviewer's names, for people (null for rows written before names were kept). */
  created_by_name: z.string().nullable().default(null),
  created_at: TimestampSchema,
  reviewed_by: z.string().nullable(),
  reviewed_by_name: z.string().nullable().default(null),
  reviewed_at: TimestampSchema.nullable(),
  rejection_reason: z.string().nullable(),
  /** Why the author wrote this version (`change_note` of the create or update). Absent from rows cached before it existed. */
  change_note: z.string().nullable().default(null),
  /** The approving reviewer's comment (a rejection's is `rejection_reason`). Absent from rows cached before it existed. */
  review_comment: z.string().nullable().default(null),
});
export type SdkPatchVersion = z.infer<typeof SdkPatchVersionSchema>;

/** A patch with its whole history, newest version first. */
export const SdkPatchDetailSchema = z.object({ patch: SdkPatchSchema, versions: z.array(SdkPatchVersionSchema) });
export type SdkPatchDetail = z.infer<typeof SdkPatchDetailSchema>;

/** What a mutation returns: the registry row and the version it touched. */
export const SdkPatchChangeSchema = z.object({ patch: SdkPatchSchema, version: SdkPatchVersionSchema });
export type SdkPatchChange = z.infer<typeof SdkPatchChangeSchema>;

/** The match as written by an author; its `sdk_language` defaults to the patch's. */
const AuthoredMatchSchema = PatchMatchSchema.extend({ sdk_language: SdkLanguageSchema.optional() });

const patchContent = {
  error_signature: z.string().trim().min(1).max(200),
  description: z.string().trim().min(1).max(2000),
  severity: SeveritySchema,
  match: AuthoredMatchSchema.optional(),
  /** Declarative actions; may be empty only for a code patch (one with `patch_code`). */
  actions: PatchActionsSchema.default([]),
  /** Free-form code kept for older SDKs; served only to SDKs that opt in to code patches. */
  patch_code: CodeSchema.optional(),
  rollback_code: CodeSchema.optional(),
  /** Why this version: stored with it and shown to its reviewers; not signed. Blank is the same as none. */
  change_note: z.string().trim().max(MAX_NOTE_LENGTH).optional(),
};
const needsActionsOrCode = (body: { actions: unknown[]; patch_code?: string }) => body.actions.length > 0 || body.patch_code !== undefined;
const needsActionsOrCodeMessage = { message: 'give at least one action (or patch_code for a code patch)', path: ['actions'] };

/** `POST /api/dev/patches`: a new patch; its version 1 waits for review. Unknown keys are refused. */
export const CreatePatchBodySchema = z
  .strictObject({ sdk_language: SdkLanguageSchema, ...patchContent })
  .refine(needsActionsOrCode, needsActionsOrCodeMessage);
export type CreatePatchBody = z.infer<typeof CreatePatchBodySchema>;

/** `PUT /api/dev/patches/:id`: the full content of the next version (the language cannot change). Unknown keys are refused. */
export const UpdatePatchBodySchema = z
  .strictObject({ sdk_language: SdkLanguageSchema.optional(), ...patchContent })
  .refine(needsActionsOrCode, needsActionsOrCodeMessage);
export type UpdatePatchBody = z.infer<typeof UpdatePatchBodySchema>;

export const PatchIdParamsSchema = z.object({ id: UuidSchema });
export const PatchVersionParamsSchema = z.object({ id: UuidSchema, version: z.coerce.number().int().min(1).max(1_000_000) });
export const RejectPatchBodySchema = z.object({ reason: z.string().trim().min(1).max(MAX_NOTE_LENGTH) });
/** `POST /api/dev/patches/:id/versions/:version/approve`: an optional comment kept with the version (blank is none). */
export const ApprovePatchBodySchema = z.object({ comment: z.string().trim().max(MAX_NOTE_LENGTH).optional() }).default({});
/** `POST /api/dev/patches/:id/reactivate`: put a deactivated patch back in service, saying why. */
export const ReactivatePatchBodySchema = z.object({ reason: z.string().trim().min(1).max(MAX_NOTE_LENGTH).optional() }).default({});

export const PatchListQuerySchema = z.object({
  sdk_language: SdkLanguageSchema.optional(),
  active: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: QueryInt(1, 500).default(100),
  cursor: z.string().max(200).optional(),
});

/** `POST /api/dev/self-heal`: an SDK call failed; is there a patch for it? */
export const SelfHealBodySchema = z.object({
  sdk: SdkLanguageSchema,
  sdk_version: z.string().min(1).max(64).optional(),
  error: z.string().min(1).max(MAX_ERROR_MESSAGE_LENGTH),
  status: z.number().int().min(0).max(999).optional(),
  error_code: z.string().min(1).max(100).optional(),
  context: ContextSchema.optional(),
  /** Accept free-form code patches (the SDK runs them bounded); declarative patches only otherwise. */
  allow_code_patches: z.boolean().default(false),
});
export type SelfHealBody = z.infer<typeof SelfHealBodySchema>;

/** A served patch: everything the SDK needs to verify the signature and apply the actions. */
export const ServedPatchSchema = z.object({
  patch_id: UuidSchema,
  ...PatchContentFields,
  /** Ed25519 signature (base64) of `signedPayloadOf(patch)`. */
  signature: z.string(),
  key_id: z.string(),
  /** When the signature expires (signed): an SDK refuses the version after it. The registry re-signs before. */
  expires_at: TimestampSchema,
});
export type ServedPatch = z.infer<typeof ServedPatchSchema>;
export const SelfHealResponseSchema = z.object({ patch: ServedPatchSchema.nullable() });
export type SelfHealResponse = z.infer<typeof SelfHealResponseSchema>;

/** `GET /api/dev/patches/active`: the SDK's language and version (the version narrows nothing yet; it is recorded for later). */
export const ActivePatchSetQuerySchema = z.object({
  sdk: SdkLanguageSchema,
  sdk_version: z.string().min(1).max(64).optional(),
});
/** Every active version the calling developer is served for one language (rollout shares applied). */
export const ActivePatchSetResponseSchema = z.object({
  generated_at: TimestampSchema,
  patches: z.array(ServedPatchSchema),
});
export type ActivePatchSetResponse = z.infer<typeof ActivePatchSetResponseSchema>;

/** A public key SDKs pin to verify patch signatures. */
export const SigningKeySchema = z.object({
  key_id: z.string(),
  algorithm: z.literal('ed25519'),
  public_key_pem: z.string(),
  /** The key this server signs new versions with. */
  current: z.boolean(),
  created_at: TimestampSchema,
});
export const SigningKeysResponseSchema = z.object({ keys: z.array(SigningKeySchema) });

/** One SDK report of a patch it applied. `report_id` makes retries idempotent. */
export const PatchApplicationReportSchema = z.object({
  report_id: z.string().min(8).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits, ".", "_", ":" and "-" only'),
  patch_id: UuidSchema,
  patch_version: VersionNumberSchema,
  sdk_language: SdkLanguageSchema,
  sdk_version: z.string().min(1).max(64).optional(),
  error_encountered: z.string().min(1).max(MAX_ERROR_MESSAGE_LENGTH),
  context: ContextSchema.optional(),
  success: z.boolean(),
  rollback_triggered: z.boolean(),
  duration_ms: z.number().int().min(0).max(86_400_000).optional(),
  /** When the SDK applied the patch; a time in the future is stored as the time of receipt. */
  applied_at: IsoDateTimeSchema.optional(),
});
export type PatchApplicationReport = z.infer<typeof PatchApplicationReportSchema>;

export const PatchApplicationsBodySchema = z.object({ reports: z.array(PatchApplicationReportSchema).min(1).max(500) });
export const PatchApplicationsResponseSchema = z.object({
  /** Reports stored by this call. */
  accepted: z.number().int(),
  /** Reports already stored under the same report_id (retries), or repeated within the batch. */
  duplicates: z.number().int(),
  /**
   * The reported versions this developer is no longer served (rollout halted or aborted, patch
   * deactivated, version retired or expired), once each: the SDK stops applying them at once.
   * Absent from servers that predate it; SDKs that predate it ignore it.
   */
  withdrawn: z.array(z.object({ patch_id: UuidSchema, version: z.number().int() })).optional(),
});

export const PatchStatsQuerySchema = z.object({ hours: QueryInt(1, 24 * 90).default(24) });
/** Per-patch outcomes over the window (rates are fractions from 0 to 1). */
export const PatchStatsRowSchema = z.object({
  patch_id: UuidSchema,
  sdk_language: z.string(),
  error_signature: z.string(),
  description: z.string(),
  active: z.boolean(),
  applications: z.number().int(),
  successes: z.number().int(),
  success_rate: z.number().nullable(),
  rollbacks: z.number().int(),
  rollback_rate: z.number().nullable(),
});
export const UnpatchedErrorSchema = z.object({ sdk_language: z.string(), error_pattern: z.string(), occurrences: z.number().int() });
export const PatchStatsResponseSchema = z.object({
  hours: z.number().int(),
  patches: z.array(PatchStatsRowSchema),
  /** The most frequent errors no patch answered (first 100 characters of the message). */
  unpatched_errors: z.array(UnpatchedErrorSchema),
});
export type PatchStatsResponse = z.infer<typeof PatchStatsResponseSchema>;
