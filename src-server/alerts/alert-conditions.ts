import type { SelfHealAlertName } from '../../src-shared/schemas/self-heal-alerts.js';
import { SELF_HEAL_ALERT_RULES, type SelfHealAlertRule } from '../../src-shared/domain/self-heal-alert-rules.js';
import type { Queryable } from '../db/database.js';

/** An alert whose condition holds at the evaluation time, with the value measured. */
export interface HoldingCondition {
  name: SelfHealAlertName;
  patchId: string | null;
  value: number | null;
}

/** The key of one alert: its rule and its patch (none for the overall alerts). */
export const alertKey = (name: SelfHealAlertName, patchId: string | null): string => `${name}/${patchId ?? ''}`;

// Reports counted as the self_heal_* counters count them: those the report route stored (every one an
// applied patch), by the time they were received, in the rule's range ending at the evaluation time.
const IN_RANGE = `patch_applied AND received_at > $1::timestamptz - make_interval(secs => $2::float8 / 1000) AND received_at <= $1::timestamptz`;

const OVERALL_SQL = `
  SELECT count(*) AS applications, count(*) FILTER (WHERE rollback_triggered) AS rollbacks
    FROM sdk_patch_applications
   WHERE ${IN_RANGE}`;

const PER_PATCH_SQL = `
  SELECT patch_id, count(*) AS applications, count(*) FILTER (WHERE NOT success) AS failures
    FROM sdk_patch_applications
   WHERE ${IN_RANGE} AND patch_id IS NOT NULL
   GROUP BY patch_id
  HAVING count(*) FILTER (WHERE NOT success) > 0`;

// A patch's current rollout is its latest; a deactivated patch serves nothing, so its halt is over.
const HALTED_SQL = `
  SELECT r.patch_id
    FROM (SELECT DISTINCT ON (patch_id) patch_id, state
            FROM sdk_patch_rollouts
           ORDER BY patch_id, started_at DESC, version DESC) r
    JOIN sdk_self_healing_registry p ON p.id = r.patch_id
   WHERE r.state = 'halted' AND p.deactivated_at IS NULL`;

const above = (rule: SelfHealAlertRule, value: number): boolean => value > rule.threshold;
const rangeOf = (rule: SelfHealAlertRule): number => rule.rangeMs!;

/**
 * Every alert whose condition holds at `now`, measured from the application reports and the rollouts.
 * A ratio over no applications has no value (Prometheus: NaN), so it never holds.
 */
export async function measureConditions(db: Queryable, now: Date): Promise<HoldingCondition[]> {
  const { SelfHealHighRollbackRate: rollback, SelfHealPatchFailing: failing, SelfHealHighVolume: volume } = SELF_HEAL_ALERT_RULES;
  const holding: HoldingCondition[] = [];

  const overall = async (rule: SelfHealAlertRule) =>
    (await db.query<{ applications: number; rollbacks: number }>(OVERALL_SQL, [now.toISOString(), rangeOf(rule)])).rows[0]!;

  const rollbackCounts = await overall(rollback);
  if (rollbackCounts.applications > 0) {
    const rate = rollbackCounts.rollbacks / rollbackCounts.applications;
    if (above(rollback, rate)) holding.push({ name: rollback.name, patchId: null, value: rate });
  }

  // rate(...[range]) * 60 is the applications of the range per minute of the range.
  const volumeCounts = rangeOf(volume) === rangeOf(rollback) ? rollbackCounts : await overall(volume);
  const perMinute = volumeCounts.applications / (rangeOf(volume) / 60_000);
  if (above(volume, perMinute)) holding.push({ name: volume.name, patchId: null, value: perMinute });

  const patches = await db.query<{ patch_id: string; applications: number; failures: number }>(PER_PATCH_SQL, [now.toISOString(), rangeOf(failing)]);
  for (const row of patches.rows) {
    const rate = row.failures / row.applications;
    if (above(failing, rate)) holding.push({ name: failing.name, patchId: row.patch_id, value: rate });
  }

  const halted = await db.query<{ patch_id: string }>(HALTED_SQL);
  for (const row of halted.rows) holding.push({ name: 'SelfHealRolloutHalted', patchId: row.patch_id, value: null });
  return holding;
}
