import { z } from 'zod';
import { PATCH_STATES } from '../domain/sdk-patch-rules.js';
import { SDK_LANGUAGES } from '../patch-format.js';
import { DRAFT_PROBLEM_CODES } from '../patch-engine/draft-problem-codes.js';
import { CallStateSchema, DryRunResultSchema, FailureInputSchema } from '../patch-engine/dry-run-schema.js';
import { UuidSchema } from '../schemas/common.js';
import { PatchFieldStatsSchema, RunbookSchema, RUNBOOK_TABLES, UnpatchedLookupSchema } from '../schemas/sdk-field.js';
import { SdkPatchSchema, SdkPatchVersionSchema } from '../schemas/sdk.js';
import { DeliverySchema } from './delivery.js';
import { LocalStateSchema } from './model.js';

/** When the cached field figures were received, and whether they are older than a refresh round. */
export const StatsAgeSchema = z.object({
  /** When the backend computed them (null: never fetched). */
  computedAt: z.string().nullable(),
  /** When the console received them. */
  refreshedAt: z.string().nullable(),
});
export type StatsAge = z.infer<typeof StatsAgeSchema>;

/** One row of the Patches screen: the registry's row, its state and its field figures. */
export const PatchRowSchema = z.object({
  id: z.string(),
  sdk_language: z.string(),
  error_signature: z.string(),
  /** A short summary of the active (else newest) version's match, e.g. `status 401 · error_code invalid_key`. */
  match_summary: z.string(),
  severity: z.string(),
  state: z.enum(PATCH_STATES),
  active_version: z.number().int().nullable(),
  /** A version waits for review. */
  pending_version: z.number().int().nullable(),
  /** The author (display name when the console knows it, else the token id). */
  author: z.string(),
  last_change_at: z.string(),
  localState: LocalStateSchema,
  stats: PatchFieldStatsSchema.nullable(),
  /** The runbook alerts the figures raise. */
  alerts: z.array(z.enum(['rollback_rate', 'failure_rate'])),
});
export type PatchRow = z.infer<typeof PatchRowSchema>;

export const PATCH_SORT_COLUMNS = [
  'sdk_language',
  'error_signature',
  'severity',
  'state',
  'active_version',
  'author',
  'last_change_at',
  'applications_7d',
  'success_rate_7d',
  'rollback_rate_24h',
  'failure_rate_1h',
  'last_seen_at',
] as const;

export const PatchListFiltersSchema = z.strictObject({
  languages: z.array(z.enum(SDK_LANGUAGES)).max(SDK_LANGUAGES.length).default([]),
  states: z.array(z.enum(PATCH_STATES)).max(PATCH_STATES.length).default([]),
  /** Searched in the error signature, the description and the match summary (case-insensitive, literal). */
  search: z.string().max(200).default(''),
  /** Only patches raising this runbook alert (`any`: either). */
  alert: z.enum(['rollback_rate', 'failure_rate', 'any']).nullable().default(null),
});
export type PatchListFilters = z.infer<typeof PatchListFiltersSchema>;

export const PatchListSchema = z.object({
  rows: z.array(PatchRowSchema),
  /** Patches in the cache before filtering. */
  total: z.number().int(),
  stats: StatsAgeSchema,
});
export type PatchList = z.infer<typeof PatchListSchema>;

export const PatchDetailSchema = z.object({
  patch: SdkPatchSchema,
  /** Newest first. */
  versions: z.array(SdkPatchVersionSchema),
  row: PatchRowSchema,
});
export type PatchDetail = z.infer<typeof PatchDetailSchema>;

/** A version waiting for review, with what the reviewer needs beside it. */
export const PatchReviewItemSchema = z.object({
  patch: SdkPatchSchema,
  version: SdkPatchVersionSchema,
  /** The version served today, to diff against (null for a new patch). */
  activeVersion: SdkPatchVersionSchema.nullable(),
  /** The change note the author submitted with it (the version's description when none was kept). */
  changeNote: z.string(),
  /** Whether this console's user wrote it (the two-person rule: they cannot approve it). */
  ownVersion: z.boolean(),
  localState: LocalStateSchema,
  /** The dry run of this version on the failures it targets (the cached unanswered errors it matches). */
  dryRuns: z.array(z.object({ failure: FailureInputSchema, occurrences: z.number().int(), result: DryRunResultSchema })),
});
export type PatchReviewItem = z.infer<typeof PatchReviewItemSchema>;

/** A draft on this workstation: the patch's JSON as typed, saved as it is typed. */
export const PatchDraftSchema = z.object({
  id: z.string(),
  /** The patch it is a new version of (null: a new patch). */
  patchId: z.string().nullable(),
  /** The active version when the draft was opened (its diff base), null for a new patch. */
  baseVersion: z.number().int().nullable(),
  text: z.string(),
  changeNote: z.string(),
  createdAt: z.string(),
  savedAt: z.string(),
  /** Set once "submit for review" queued it. */
  submittedAt: z.string().nullable(),
});
export type PatchDraft = z.infer<typeof PatchDraftSchema>;

/** Where a draft's JSON is wrong, at its line (from the same zod schema the server judges it with). */
export const DraftProblemSchema = z.object({
  /** JSON path of the offending value (`actions.0.factor`), empty for the whole document. */
  path: z.string(),
  /** The English sentence (the schema's own); the console shows it as the detail of the sentence for `code`. */
  message: z.string(),
  /** What kind of problem it is, from a closed list (see `DRAFT_PROBLEM_CODES`). */
  code: z.enum(DRAFT_PROBLEM_CODES),
  /** The arguments of the sentence for `code` (the key, the bound, the allowed values…). */
  params: z.record(z.string(), z.union([z.string(), z.number()])),
  /** 1-based position in the draft's text. */
  line: z.number().int(),
  column: z.number().int(),
});
export type DraftProblem = z.infer<typeof DraftProblemSchema>;

/** What a draft submission or a review, deactivation or reactivation became (see `Delivery`). */
export const PatchDecisionReceiptSchema = z.object({
  outboxId: z.number().int(),
  patchId: z.string().nullable(),
  delivery: DeliverySchema,
});
export type PatchDecisionReceipt = z.infer<typeof PatchDecisionReceiptSchema>;

const DraftText = z.string().max(256 * 1024);
const ChangeNote = z.string().max(2000);

/** The SDK patch registry in the console: every staff role reads; dev_admin writes; reviewers review. */
export const PATCHES_CHANNELS = {
  'ops:patches.list': {
    request: z.strictObject({
      filters: PatchListFiltersSchema.default({ languages: [], states: [], search: '', alert: null }),
      sort: z.strictObject({ column: z.enum(PATCH_SORT_COLUMNS), direction: z.enum(['asc', 'desc']) }).default({ column: 'last_change_at', direction: 'desc' }),
    }),
    response: PatchListSchema,
  },
  'ops:patches.detail': { request: z.strictObject({ patchId: UuidSchema }), response: PatchDetailSchema },
  /** Asks the backend for fresh field figures and runbook tables now (they also refresh after each pull). */
  'ops:patches.refreshStats': { request: z.strictObject({}), response: StatsAgeSchema },
  /** Deactivate (queued): the confirmation names `stats.lookups_1h`, the lookups it would have served. */
  'ops:patches.deactivate': { request: z.strictObject({ patchId: UuidSchema, reason: z.string().trim().min(1).max(2000).optional() }), response: PatchDecisionReceiptSchema },
  'ops:patches.reactivate': { request: z.strictObject({ patchId: UuidSchema, reason: z.string().trim().min(1).max(2000).optional() }), response: PatchDecisionReceiptSchema },

  /** Versions waiting for review (the reviewer's queue beside the healing-log queue). */
  'ops:patches.reviewQueue': { request: z.strictObject({}), response: z.object({ items: z.array(PatchReviewItemSchema) }) },
  'ops:patches.approveVersion': {
    request: z.strictObject({ patchId: UuidSchema, version: z.number().int().min(1), comment: z.string().max(2000).optional() }),
    response: PatchDecisionReceiptSchema,
  },
  'ops:patches.rejectVersion': {
    request: z.strictObject({ patchId: UuidSchema, version: z.number().int().min(1), reason: z.string().trim().min(1, 'a reason is required').max(2000) }),
    response: PatchDecisionReceiptSchema,
  },

  'ops:drafts.list': { request: z.strictObject({}), response: z.object({ drafts: z.array(PatchDraftSchema) }) },
  'ops:drafts.get': { request: z.strictObject({ draftId: z.string().min(1).max(100) }), response: PatchDraftSchema },
  /**
   * A new draft: blank, a new version of a registry patch (its active, else newest, version's JSON),
   * or prefilled from an unanswered error (`fromFailure`).
   */
  'ops:drafts.create': {
    request: z.strictObject({ patchId: UuidSchema.optional(), fromFailure: FailureInputSchema.optional() }),
    response: PatchDraftSchema,
  },
  /** Saves as typed (the renderer debounces); answers the draft and its problems by the shared schema. */
  'ops:drafts.save': {
    request: z.strictObject({ draftId: z.string().min(1).max(100), text: DraftText, changeNote: ChangeNote }),
    response: z.object({ draft: PatchDraftSchema, problems: z.array(DraftProblemSchema) }),
  },
  'ops:drafts.delete': { request: z.strictObject({ draftId: z.string().min(1).max(100) }), response: z.object({ deleted: z.boolean() }) },
  /** Judges the draft with the shared schema, then queues it (`POST /api/dev/patches` or `PUT …/:id`). */
  'ops:drafts.submit': {
    request: z.strictObject({ draftId: z.string().min(1).max(100), changeNote: z.string().trim().min(1, 'a change note is required').max(2000) }),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), receipt: PatchDecisionReceiptSchema }),
      z.object({ ok: z.literal(false), problems: z.array(DraftProblemSchema) }),
    ]),
  },
  /**
   * Dry run on this machine: which patches (the cached active versions, plus the draft when given)
   * match the failure in what order, and the request before and after the served patch's actions and
   * after their inverse. Nothing is sent. `patchId`: the patch the draft is a new version of, whose
   * active version the draft replaces in the ranking.
   */
  'ops:patches.dryRun': {
    request: z.strictObject({ draftText: DraftText.optional(), patchId: UuidSchema.optional(), failure: FailureInputSchema, call: CallStateSchema }),
    response: z.discriminatedUnion('ok', [
      z.object({ ok: z.literal(true), result: DryRunResultSchema }),
      z.object({ ok: z.literal(false), problems: z.array(DraftProblemSchema) }),
    ]),
  },
  /** The cached SDK errors no patch answered (7 days), most frequent first: "write a patch for this". */
  'ops:patches.unpatched': { request: z.strictObject({}), response: z.object({ items: z.array(UnpatchedLookupSchema), stats: StatsAgeSchema }) },

  /** The runbook's tables as last cached, with their age. */
  'ops:runbook.tables': { request: z.strictObject({}), response: z.object({ runbook: RunbookSchema.nullable(), stats: StatsAgeSchema }) },
  /** One runbook table as CSV (RFC 4180, UTF-8 with a BOM so spreadsheets read accents). */
  'ops:runbook.exportCsv': { request: z.strictObject({ table: z.enum(RUNBOOK_TABLES) }), response: z.object({ filename: z.string(), csv: z.string() }) },
} as const;
