import { z } from 'zod';
import { TimestampSchema, UuidSchema, VersionNumberSchema } from './common.js';

/**
 * A patch version's staged rollout. Approving (activating) a version starts one: the version is served
 * to a deterministic share of developers (see `src-shared/domain/patch-rollout.ts`), step by step.
 * - `rolling`: the current step advances by itself once it has enough applications under the thresholds;
 * - `held`: a reviewer froze it at the current share (still served to that share, no automatic advance);
 * - `halted`: a threshold was crossed (or a reviewer aborted): the version is served to nobody;
 * - `completed`: served to every developer.
 * Developers outside the share keep the previous active version, if there is one.
 */
export const RolloutStateSchema = z.enum(['rolling', 'held', 'halted', 'completed']);
export type RolloutState = z.infer<typeof RolloutStateSchema>;

/** What the current step's applications did (rates are fractions from 0 to 1, null without applications). */
export const RolloutStepStatsSchema = z.object({
  applications: z.number().int(),
  successes: z.number().int(),
  rollbacks: z.number().int(),
  failures: z.number().int(),
  rollback_rate: z.number().nullable(),
  failure_rate: z.number().nullable(),
});
export type RolloutStepStats = z.infer<typeof RolloutStepStatsSchema>;

export const RolloutSchema = z.object({
  patch_id: UuidSchema,
  version: z.number().int().min(1),
  /** The version developers outside the share are served (null: none, they get no patch). */
  previous_version: z.number().int().min(1).nullable(),
  state: RolloutStateSchema,
  /** Shares of developers, in percent, one per step (e.g. [5, 25, 100]). */
  steps: z.array(z.number().min(0).max(100)).min(1),
  step_index: z.number().int().min(0),
  /** The share served now, in percent (0 once halted). */
  share_pct: z.number().min(0).max(100),
  /** Applications a step needs before it may advance or halt. */
  min_applications: z.number().int().min(1),
  step_stats: RolloutStepStatsSchema,
  /** Why it halted: the threshold crossed, or the reviewer's reason for aborting. */
  halted_reason: z.string().nullable(),
  started_at: TimestampSchema,
  step_started_at: TimestampSchema,
  updated_at: TimestampSchema,
  ended_at: TimestampSchema.nullable(),
  /** Who made the last manual change (null when every change was automatic). */
  updated_by_name: z.string().nullable(),
});
export type Rollout = z.infer<typeof RolloutSchema>;

export const RolloutsResponseSchema = z.object({ computed_at: TimestampSchema, rollouts: z.array(RolloutSchema) });
export type RolloutsResponse = z.infer<typeof RolloutsResponseSchema>;
export const RolloutResponseSchema = z.object({ rollout: RolloutSchema.nullable() });

/**
 * A reviewer's hand on a rollout. `version` is the version the reviewer saw: a rollout of another
 * version answers 409. `advance` moves to the next step now; `hold` freezes at the current share;
 * `resume` lets a held rollout advance again; `abort` halts it (reason required).
 */
export const RolloutActionSchema = z.enum(['advance', 'hold', 'resume', 'abort']);
export type RolloutAction = z.infer<typeof RolloutActionSchema>;
export const RolloutActionBodySchema = z
  .object({
    action: RolloutActionSchema,
    version: VersionNumberSchema,
    reason: z.string().trim().min(1).max(2000).optional(),
  })
  .strict()
  .refine((body) => body.action !== 'abort' || body.reason !== undefined, { message: 'abort needs a reason', path: ['reason'] });
export type RolloutActionBody = z.infer<typeof RolloutActionBodySchema>;
