import { z } from 'zod';
import { HealingStatusSchema } from '../schemas/autoheal.js';
import { ConfidenceSchema, IsoDateTimeSchema, PlatformSchema, PluginIdSchema, SeveritySchema, UuidSchema } from '../schemas/common.js';
import { CachedLogSchema, LocalStateSchema } from './model.js';

/**
 * Orders of the triage tables. `urgency` is the review queue's: most severe first, then the one
 * waiting longest, then the least confident. The others are plain time orders.
 */
export const TRIAGE_SORTS = ['urgency', 'newest', 'oldest'] as const;
export const TriageSortSchema = z.enum(TRIAGE_SORTS);
export type TriageSort = z.infer<typeof TriageSortSchema>;

/** Filters of the triage tables (every filter optional; lists mean "any of"). */
export const TriageFiltersSchema = z
  .strictObject({
    status: z.array(HealingStatusSchema).min(1).max(9).optional(),
    severity: z.array(SeveritySchema).min(1).max(4).optional(),
    platform: z.array(PlatformSchema).min(1).max(8).optional(),
    localState: z.array(LocalStateSchema).min(1).max(4).optional(),
    pluginId: PluginIdSchema.optional(),
    minConfidence: ConfidenceSchema.optional(),
    maxConfidence: ConfidenceSchema.optional(),
    /** Logs created at or after this instant. */
    createdFrom: IsoDateTimeSchema.optional(),
    /** Logs created before this instant. */
    createdTo: IsoDateTimeSchema.optional(),
    /** Case-insensitive substring of the detected issue or the plugin id. */
    q: z.string().trim().min(1).max(200).optional(),
  })
  .refine((r) => r.minConfidence === undefined || r.maxConfidence === undefined || r.minConfidence <= r.maxConfidence, {
    message: 'minConfidence must not exceed maxConfidence',
    path: ['minConfidence'],
  });
export type TriageFilters = z.input<typeof TriageFiltersSchema>;

/** What the table shows of a log's plugin (from the cache; null when the plugin is not cached). */
export const PluginSummarySchema = z.object({
  merchantId: z.string(),
  cmsVersion: z.string().nullable(),
  pluginVersion: z.string().nullable(),
});

/** One row of a triage table: the cached log and its plugin's summary. */
export const TriageRowSchema = CachedLogSchema.extend({ plugin: PluginSummarySchema.nullable() });
export type TriageRow = z.infer<typeof TriageRowSchema>;

export const TRIAGE_PAGE_MAX = 500;

/** The review queue and the all-logs table read pages of rows by offset, plus the total to scroll over. */
export const TRIAGE_CHANNELS = {
  'ops:triage.page': {
    request: z.strictObject({
      filters: TriageFiltersSchema,
      sort: TriageSortSchema.default('urgency'),
      limit: z.number().int().min(1).max(TRIAGE_PAGE_MAX).default(100),
      offset: z.number().int().min(0).max(10_000_000).default(0),
    }),
    response: z.object({ items: z.array(TriageRowSchema), total: z.number().int() }),
  },
  /** Every log matching the filters, in the sort's order, as CSV (RFC 4180, UTF-8 with a BOM). */
  'ops:triage.exportCsv': {
    request: z.strictObject({ filters: TriageFiltersSchema, sort: TriageSortSchema.default('urgency') }),
    response: z.object({ filename: z.string(), csv: z.string(), rows: z.number().int() }),
  },
  /** Counts per severity of the logs matching the filters (the review queue's header). */
  'ops:triage.severityCounts': {
    request: z.strictObject({ filters: TriageFiltersSchema }),
    response: z.object({ total: z.number().int(), bySeverity: z.record(SeveritySchema, z.number().int()) }),
  },
  /**
   * Where a log is in a view now (its 0-based index under these filters and order; null when it no
   * longer matches them), and the log as cached (null when it is not): what the keyboard cursor asks
   * when its log is not among the rows read.
   */
  'ops:triage.position': {
    request: z.strictObject({ filters: TriageFiltersSchema, sort: TriageSortSchema.default('urgency'), id: UuidSchema }),
    response: z.object({ index: z.number().int().nullable(), row: TriageRowSchema.nullable() }),
  },
  /** Given logs by id (what a bulk action previews); ids not in the cache are left out. */
  'ops:triage.byIds': {
    request: z.strictObject({ ids: z.array(UuidSchema).min(1).max(TRIAGE_PAGE_MAX) }),
    response: z.object({ items: z.array(TriageRowSchema) }),
  },
} as const;
