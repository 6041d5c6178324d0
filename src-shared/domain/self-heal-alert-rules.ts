// The SDK runbook's alerts as the backend evaluates them: the same thresholds, ranges and `for:`
// durations as ops/prometheus/self-heal-alerts.rules.yml (src-server/alerts/alert-rules-file.test.ts reads
// that file and holds the two equal), plus a halted patch rollout.
import type { SelfHealAlertName } from '../schemas/self-heal-alerts.js';
import { FAILURE_RATE_ALERT, ROLLBACK_RATE_ALERT } from './sdk-patch-rules.js';

/** The runbook's alert on volume: more than 100 patch applications per minute (a recurring SDK bug). */
export const HIGH_VOLUME_ALERT_PER_MINUTE = 100;

const MINUTE_MS = 60_000;

/** One alert rule: what it measures, over which range, above which threshold, for how long. */
export interface SelfHealAlertRule {
  name: SelfHealAlertName;
  severity: 'warning' | 'critical';
  /** The condition holds when the measured value is above this (0 for a state: halted rollouts). */
  threshold: number;
  /** Prometheus `for:` in milliseconds: pending until the condition held this long (0: fires at once). */
  forMs: number;
  /** The range of the expression's `rate()` in milliseconds; null when the condition is a state. */
  rangeMs: number | null;
  /** One alert per patch (`sum by (patch_id)`, or one per halted rollout) rather than one overall. */
  perPatch: boolean;
}

/**
 * The four alerts:
 * - SelfHealHighRollbackRate: `sum(rate(self_heal_rollbacks_total[5m])) / sum(rate(self_heal_patches_total[5m])) > 0.2` for 10m;
 * - SelfHealPatchFailing: per patch, `rate(failures[10m]) / rate(applications[10m]) > 0.5` for 15m;
 * - SelfHealHighVolume: `sum(rate(self_heal_patches_total[5m])) * 60 > 100` (applications per minute) for 10m;
 * - SelfHealRolloutHalted: a patch whose current rollout is halted (the patch not deactivated), no `for:`.
 */
export const SELF_HEAL_ALERT_RULES: Readonly<Record<SelfHealAlertName, SelfHealAlertRule>> = {
  SelfHealHighRollbackRate: {
    name: 'SelfHealHighRollbackRate',
    severity: 'warning',
    threshold: ROLLBACK_RATE_ALERT,
    forMs: 10 * MINUTE_MS,
    rangeMs: 5 * MINUTE_MS,
    perPatch: false,
  },
  SelfHealPatchFailing: {
    name: 'SelfHealPatchFailing',
    severity: 'critical',
    threshold: FAILURE_RATE_ALERT,
    forMs: 15 * MINUTE_MS,
    rangeMs: 10 * MINUTE_MS,
    perPatch: true,
  },
  SelfHealHighVolume: {
    name: 'SelfHealHighVolume',
    severity: 'warning',
    threshold: HIGH_VOLUME_ALERT_PER_MINUTE,
    forMs: 10 * MINUTE_MS,
    rangeMs: 5 * MINUTE_MS,
    perPatch: false,
  },
  SelfHealRolloutHalted: {
    name: 'SelfHealRolloutHalted',
    severity: 'critical',
    threshold: 0,
    forMs: 0,
    rangeMs: null,
    perPatch: true,
  },
};
