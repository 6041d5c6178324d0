import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.js';

/**
 * The SDK runbook's alerts, evaluated by the backend over the application reports with the same
 * expressions, thresholds and `for:` durations as `ops/prometheus/self-heal-alerts.rules.yml`,
 * plus a halted patch rollout.
 */
export const SelfHealAlertNameSchema = z.enum(['SelfHealHighRollbackRate', 'SelfHealPatchFailing', 'SelfHealHighVolume', 'SelfHealRolloutHalted']);
export type SelfHealAlertName = z.infer<typeof SelfHealAlertNameSchema>;

export const SelfHealAlertSchema = z.object({
  id: UuidSchema,
  name: SelfHealAlertNameSchema,
  severity: z.enum(['warning', 'critical']),
  /** The patch the alert is about (SelfHealPatchFailing, SelfHealRolloutHalted), else null. */
  patch_id: UuidSchema.nullable(),
  /** `pending`: the condition holds but not yet for its `for:` duration. */
  state: z.enum(['pending', 'firing', 'resolved']),
  /** The measured value when last evaluated (a rate as a fraction, or applications per minute). */
  value: z.number().nullable(),
  threshold: z.number(),
  /** When the condition started to hold. */
  active_at: TimestampSchema,
  fired_at: TimestampSchema.nullable(),
  resolved_at: TimestampSchema.nullable(),
  last_evaluated_at: TimestampSchema,
});
export type SelfHealAlert = z.infer<typeof SelfHealAlertSchema>;

/** Pending and firing alerts, and the ones resolved in the last 7 days, newest first. */
export const SelfHealAlertsResponseSchema = z.object({ evaluated_at: TimestampSchema, alerts: z.array(SelfHealAlertSchema) });
export type SelfHealAlertsResponse = z.infer<typeof SelfHealAlertsResponseSchema>;
