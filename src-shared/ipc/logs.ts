import { z } from 'zod';
import { HealingStatusSchema, SnapshotSchema } from '../schemas/autoheal.js';
import { CommandSchema } from '../schemas/commands.js';
import { ConfidenceSchema, PlatformSchema, PluginIdSchema, SeveritySchema, UuidSchema } from '../schemas/common.js';
import { PluginSchema } from '../schemas/plugins.js';
import { CachedLogSchema, LocalStateSchema } from './model.js';

/**
 * Orders of the cached-log list: most severe first, then least confident (the review queue by
 * severity and confidence), or plain time orders. The review screen's own urgency order (severity,
 * age, confidence) is the triage channel's (triage.ts).
 */
export const LOG_SORTS = ['severity_desc_confidence_asc', 'newest', 'oldest'] as const;
export const LogSortSchema = z.enum(LOG_SORTS);
export type LogSort = z.infer<typeof LogSortSchema>;

/** Filters and page of the cached healing-log list (every filter optional; lists mean "any of"). */
export const ListLogsRequestSchema = z
  .strictObject({
    status: z.array(HealingStatusSchema).min(1).max(9).optional(),
    severity: z.array(SeveritySchema).min(1).max(4).optional(),
    localState: z.array(LocalStateSchema).min(1).max(4).optional(),
    pluginId: PluginIdSchema.optional(),
    platform: PlatformSchema.optional(),
    minConfidence: ConfidenceSchema.optional(),
    maxConfidence: ConfidenceSchema.optional(),
    /** Case-insensitive substring of the detected issue. */
    q: z.string().min(1).max(200).optional(),
    sort: LogSortSchema.default('severity_desc_confidence_asc'),
    limit: z.number().int().min(1).max(500).default(100),
    offset: z.number().int().min(0).max(10_000_000).default(0),
  })
  .refine((r) => r.minConfidence === undefined || r.maxConfidence === undefined || r.minConfidence <= r.maxConfidence, {
    message: 'minConfidence must not exceed maxConfidence',
    path: ['minConfidence'],
  });

/** The cached logs, their plugin's platform and local state, and everything the detail pane shows. */
export const LOGS_CHANNELS = {
  'ops:logs.list': {
    request: ListLogsRequestSchema,
    response: z.object({ items: z.array(CachedLogSchema), hasMore: z.boolean() }),
  },
  'ops:logs.get': {
    request: z.strictObject({ id: UuidSchema }),
    response: z.object({
      item: CachedLogSchema,
      plugin: PluginSchema.nullable(),
      snapshots: z.array(SnapshotSchema),
      commands: z.array(CommandSchema),
    }),
  },
  'ops:logs.counts': {
    request: z.strictObject({}),
    response: z.object({
      total: z.number().int(),
      byStatus: z.record(z.string(), z.number().int()),
      byLocalState: z.record(z.string(), z.number().int()),
    }),
  },
} as const;
