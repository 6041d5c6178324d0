import { z } from 'zod';

/** The periods the overview offers, in days. */
export const OVERVIEW_PERIODS = [7, 30, 90] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];

const Count = z.number().int().min(0);

/** The seed's stat cards over the period (success rate in percent, as the backend's stats report it). */
export const OverviewStatsSchema = z.object({
  total: Count,
  applied: Count,
  rolled_back: Count,
  failed: Count,
  pending_review: Count,
  avg_confidence: z.number().nullable(),
  success_rate: z.number().nullable(),
});
export type OverviewStats = z.infer<typeof OverviewStatsSchema>;

/** Logs per whole-number confidence and outcome (see `src-shared/analytics/confidence.ts`). */
export const ConfidenceHistogramRowSchema = z.object({
  confidence: z.number().int().min(0).max(100),
  applied: Count,
  rolled_back: Count,
  failed: Count,
  open: Count,
});

/** Logs created per UTC day, by outcome. */
export const OutcomeDaySchema = z.object({
  day: z.string(),
  applied: Count,
  rolled_back: Count,
  failed: Count,
  open: Count,
});
export type OutcomeDay = z.infer<typeof OutcomeDaySchema>;

/** The overview page: computed by main over the cached healing logs, so it works offline. */
export const OVERVIEW_CHANNELS = {
  'ops:overview.get': {
    request: z.strictObject({ days: z.literal(OVERVIEW_PERIODS) }),
    response: z.object({
      days: z.number().int(),
      /** Start of the period (ISO time): logs created at or after it are counted. */
      since: z.string(),
      stats: OverviewStatsSchema,
      histogram: z.array(ConfidenceHistogramRowSchema),
      timeline: z.array(OutcomeDaySchema),
    }),
  },
} as const;
