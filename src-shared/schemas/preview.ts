import { z } from 'zod';
import { JsonObjectSchema, TimestampSchema, UuidSchema } from './common.js';

/**
 * What a healing log's patch changes, shown before anyone decides: `GET /api/v1/plugins/autoheal/:id/preview`.
 * The backend computes it with the code that applies the patch; the console caches it with the log
 * and shows it offline.
 */

/** Most lines a code excerpt carries: the failing line and up to 20 on each side. */
export const MAX_EXCERPT_LINES = 41;
/** Longest line an excerpt keeps; longer lines are cut (and say so with a trailing "…"). */
export const MAX_EXCERPT_LINE_LENGTH = 400;

/**
 * A bounded excerpt of a plugin's source around the line that failed, as a `plugin.error` reports
 * it. Secrets are redacted by the backend on intake.
 */
export const CodeExcerptSchema = z.object({
  /** The file's path inside the plugin (e.g. `includes/class-molam-gateway.php`). */
  file: z.string().min(1).max(500),
  /** Line number of `lines[0]` (1-based). */
  start_line: z.number().int().min(1),
  /** The line the error points at (1-based), inside the excerpt. */
  failing_line: z.number().int().min(1),
  lines: z.array(z.string().max(MAX_EXCERPT_LINE_LENGTH)).min(1).max(MAX_EXCERPT_LINES),
});
export type CodeExcerpt = z.infer<typeof CodeExcerptSchema>;

/** The languages the console highlights; anything else is shown as plain text. */
export const CODE_LANGUAGES = ['php', 'javascript', 'text'] as const;
export const CodeLanguageSchema = z.enum(CODE_LANGUAGES);
export type CodeLanguage = z.infer<typeof CodeLanguageSchema>;

/** Where the "before" side of a state preview comes from. */
export const PREVIEW_BASES = ['reported_state', 'snapshot'] as const;
export const PreviewBaseSchema = z.enum(PREVIEW_BASES);

/** Why a preview has no diff to show. */
export const NO_PREVIEW_REASONS = [
  /** A code patch whose plugin error carried no excerpt of the file. */
  'no_excerpt',
  /** The excerpt does not contain the text the patch searches for. */
  'search_not_in_excerpt',
  /** The patch changes no plugin state and no code (a notification, a dependency update). */
  'nothing_to_change',
  /** The plugin has reported no state and no snapshot exists. */
  'no_known_state',
] as const;
export const NoPreviewReasonSchema = z.enum(NO_PREVIEW_REASONS);

const PreviewHeadSchema = z.object({
  log_id: UuidSchema,
  /** The log version the preview was computed for. */
  log_version: z.number().int(),
  computed_at: TimestampSchema,
});

export const StatePreviewSchema = PreviewHeadSchema.extend({
  kind: z.literal('state'),
  /** `reported_state`: the latest state the plugin reported (pending patches); `snapshot`: the pre-patch snapshot (applied ones). */
  base: PreviewBaseSchema,
  /** When the base was recorded (the plugin's last report, or the snapshot's time). */
  base_at: TimestampSchema.nullable(),
  before: JsonObjectSchema,
  after: JsonObjectSchema,
  /** Top-level keys whose value differs, sorted. Empty only when the patch truly changes nothing. */
  changed_keys: z.array(z.string()),
  /** When `changed_keys` is empty: why (e.g. the plugin already holds these values). */
  unchanged_reason: z.string().nullable(),
});

export const CodePreviewSchema = PreviewHeadSchema.extend({
  kind: z.literal('code'),
  file: z.string(),
  language: CodeLanguageSchema,
  /** Line number of the first line on both sides. */
  start_line: z.number().int().min(1),
  failing_line: z.number().int().min(1),
  before_lines: z.array(z.string()),
  after_lines: z.array(z.string()),
  /** How many occurrences of the search text the patch replaces in the excerpt. */
  replacements: z.number().int().min(0),
});

export const NoPreviewSchema = PreviewHeadSchema.extend({
  kind: z.literal('none'),
  reason: NoPreviewReasonSchema,
  /** The sentence shown to the reviewer. */
  message: z.string(),
});

export const PatchPreviewSchema = z.discriminatedUnion('kind', [StatePreviewSchema, CodePreviewSchema, NoPreviewSchema]);
export type PatchPreview = z.infer<typeof PatchPreviewSchema>;
export type StatePreview = z.infer<typeof StatePreviewSchema>;
export type CodePreview = z.infer<typeof CodePreviewSchema>;
