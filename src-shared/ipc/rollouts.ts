import { z } from 'zod';
import { UuidSchema } from '../schemas/common.js';
import { RolloutActionSchema, RolloutSchema } from '../schemas/rollout.js';
import { SelfHealAlertSchema } from '../schemas/self-heal-alerts.js';
import { LocalStateSchema } from './model.js';
import { PatchDecisionReceiptSchema, StatsAgeSchema } from './patches.js';
import { PatchRolloutDecisionSchema } from './decision-kinds.js';

/** A patch's rollout as cached, with the reviewer's decision on it still waiting in the outbox (if any). */
export const RolloutViewSchema = z.object({
  rollout: RolloutSchema,
  /** `queued`, `rejected` or `conflict` while a decision on the rollout is not settled. */
  localState: LocalStateSchema,
  /** The oldest decision on this rollout still in the outbox (null: none). */
  pending: PatchRolloutDecisionSchema.nullable(),
  /** The patch's error signature, when the registry is cached. */
  errorSignature: z.string().nullable(),
});
export type RolloutView = z.infer<typeof RolloutViewSchema>;

/** A runbook alert as the backend last evaluated it, with the patch it is about named from the cache. */
export const AlertViewSchema = z.object({
  alert: SelfHealAlertSchema,
  /** The patch's error signature (null: no patch, or not cached). */
  errorSignature: z.string().nullable(),
});
export type AlertView = z.infer<typeof AlertViewSchema>;

/**
 * Staged rollouts of SDK patch versions and the runbook's alerts, as the backend last answered
 * them (fetched after each pull, at most once a minute, and on demand), with their age; a
 * reviewer's advance, hold, resume or abort goes through the outbox.
 */
export const ROLLOUTS_CHANNELS = {
  /** Every cached rollout (the latest per patch). `computedAt` is the backend's answer time. */
  'ops:rollouts.list': { request: z.strictObject({}), response: z.object({ rollouts: z.array(RolloutViewSchema), age: StatsAgeSchema }) },
  /** One patch's rollout (null: none cached). */
  'ops:rollouts.forPatch': { request: z.strictObject({ patchId: UuidSchema }), response: z.object({ rollout: RolloutViewSchema.nullable(), age: StatsAgeSchema }) },
  /** Asks the backend for the rollouts and alerts now. */
  'ops:rollouts.refresh': { request: z.strictObject({}), response: z.object({ rollouts: StatsAgeSchema, alerts: StatsAgeSchema }) },
  /**
   * A reviewer's hand on a rollout, queued: refused before queuing when the role lacks the right or
   * the cached rollout's state forbids it. `version` is the rollout version the reviewer saw.
   */
  'ops:rollouts.act': {
    request: z
      .strictObject({ patchId: UuidSchema, version: z.number().int().min(1), action: RolloutActionSchema, reason: z.string().trim().min(1).max(2000).optional() })
      .refine((request) => request.action !== 'abort' || request.reason !== undefined, { message: 'aborting a rollout needs a reason', path: ['reason'] }),
    response: PatchDecisionReceiptSchema,
  },
  /** The runbook's alerts: pending, firing, and resolved in the last 7 days, newest first. `computedAt`: the backend's evaluation time. */
  'ops:alerts.list': { request: z.strictObject({}), response: z.object({ alerts: z.array(AlertViewSchema), age: StatsAgeSchema }) },
} as const;
