import {
  DEFAULT_ROLLOUT_MIN_APPLICATIONS,
  DEFAULT_ROLLOUT_STEPS,
  evaluateRolloutStep,
  rolloutBucket,
  rolloutStepStats,
} from '../../src-shared/domain/patch-rollout.js';
import type { Queryable } from '../db/database.js';
import { writeAuditRow } from '../http/route.js';
import { ROLLOUT_SYSTEM_ACTOR } from '../sdk/rollout-evaluation.js';
import { stepCounts, type RolloutRow } from '../sdk/rollout-repo.js';
import { insertRows } from './seed-sql.js';
import { DEMO_DEVELOPER_ID } from './tokens.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/** A seeded patch as the rollouts need it: which version was served from when. */
export interface SeededServing {
  id: string;
  key: string;
  served: Array<[number, number]>;
}

/** The patch whose latest version is still rolling out (at 25 %), and the one whose rollout halted. */
const ROLLING_KEY = 'expired_key';
const HALTED_KEY = 'go_signature';
/** The Node patch that is bad on purpose: it rolls out live, to a share holding the demo developer (see `liveSteps`). */
const LIVE_KEY = 'unknown_key';
/**
 * Applications its step needs before it decides: at the demo SDK's pace (about 7 of its applications a
 * minute) the step halts after a quarter of an hour, once the runbook's rollback alert (over 20 % for
 * 10 minutes) has fired.
 */
const LIVE_MIN_APPLICATIONS = 120;

/**
 * Steps, and the step, of a rollout whose share holds a developer in `bucket`: the default steps when
 * one of their partial shares holds it, else a first step just above it, then everyone.
 */
function liveSteps(bucket: number): { steps: number[]; stepIndex: number } {
  const index = DEFAULT_ROLLOUT_STEPS.findIndex((share) => share < 100 && bucket < share);
  if (index >= 0) return { steps: [...DEFAULT_ROLLOUT_STEPS], stepIndex: index };
  return { steps: [bucket < 99 ? Math.floor(bucket) + 1 : (bucket + 100) / 2, 100], stepIndex: 0 };
}

/**
 * The demo's rollouts: every approved version rolled out to all developers over two days, except the
 * latest version of one patch, still at 25 % (its previous version served to the others), and one
 * patch (the Go patch failing most of the time) whose rollout halted, with the reason and the audit
 * entry the evaluation would have written from its applications.
 */
export async function seedRollouts(db: Queryable, patches: readonly SeededServing[], now: number): Promise<void> {
  const steps = [...DEFAULT_ROLLOUT_STEPS];
  const rows = patches.flatMap((patch) =>
    patch.served.map(([from, version], index) => {
      const next = patch.served[index + 1]?.[0] ?? Infinity;
      const completedAt = Math.min(from + 2 * DAY, next, now - HOUR);
      return {
        patch_id: patch.id,
        version,
        previous_version: patch.served[index - 1]?.[1] ?? null,
        state: 'completed',
        steps,
        step_index: steps.length - 1,
        share_pct: 100,
        min_applications: DEFAULT_ROLLOUT_MIN_APPLICATIONS,
        started_at: iso(from),
        step_started_at: iso(completedAt),
        updated_at: iso(completedAt),
        ended_at: iso(completedAt),
      };
    }),
  );
  await insertRows(db, 'sdk_patch_rollouts', Object.keys(rows[0]!), rows);

  const latest = async (key: string) => {
    const patch = patches.find((p) => p.key === key);
    const version = patch?.served.at(-1)?.[1];
    if (!patch || version === undefined) return null;
    const { rows: found } = await db.query<RolloutRow>('SELECT * FROM sdk_patch_rollouts WHERE patch_id = $1 AND version = $2', [patch.id, version]);
    return found[0] ?? null;
  };

  const rolling = await latest(ROLLING_KEY);
  if (rolling) {
    await db.query(
      `UPDATE sdk_patch_rollouts SET state = 'rolling', step_index = 1, share_pct = $2, step_started_at = $3, updated_at = $3, ended_at = NULL
        WHERE id = $1`,
      [rolling.id, steps[1], iso(now - 3 * HOUR)],
    );
  }

  // The demo developer's SDK traffic (sdk-traffic.ts) rolls this version back on every call: once its
  // step has LIVE_MIN_APPLICATIONS applications the rollout halts, live, on the runbook's rollback threshold.
  const live = await latest(LIVE_KEY);
  if (live) {
    const { steps: shares, stepIndex } = liveSteps(rolloutBucket(live.patch_id, DEMO_DEVELOPER_ID));
    await db.query(
      `UPDATE sdk_patch_rollouts SET state = 'rolling', steps = $2::jsonb, step_index = $3, share_pct = $4, min_applications = $5,
              started_at = $6, step_started_at = $6, updated_at = $6, ended_at = NULL
        WHERE id = $1`,
      [live.id, JSON.stringify(shares), stepIndex, shares[stepIndex], LIVE_MIN_APPLICATIONS, iso(now - 10 * 60_000)],
    );
  }

  const halted = await latest(HALTED_KEY);
  if (halted) {
    // The reason is what the evaluation says of the step's seeded applications.
    const counts = await stepCounts(db, { ...halted, step_started_at: halted.started_at });
    const decision = evaluateRolloutStep(rolloutStepStats(counts), Math.min(DEFAULT_ROLLOUT_MIN_APPLICATIONS, Math.max(counts.applications, 1)));
    const reason = typeof decision === 'object' ? decision.halt : 'halted by the demo: its applications fail more than the runbook allows';
    const haltedAt = now - 40 * 60_000;
    const { rows: after } = await db.query<RolloutRow>(
      `UPDATE sdk_patch_rollouts SET state = 'halted', step_index = 0, share_pct = 0, halted_share_pct = $2, halted_reason = $3,
              step_started_at = started_at, updated_at = $4, ended_at = $4
        WHERE id = $1 RETURNING *`,
      [halted.id, steps[0], reason, iso(haltedAt)],
    );
    await writeAuditRow(db, ROLLOUT_SYSTEM_ACTOR, {
      action: 'sdk_patch.rollout_halt',
      entityType: 'sdk_patch',
      entityId: halted.patch_id,
      before: { rollout: { ...halted, state: 'rolling', share_pct: steps[0] } },
      after: { rollout: after[0], reason },
    });
    await db.query('UPDATE audit_log SET at = $2 WHERE id = (SELECT max(id) FROM audit_log WHERE entity_id = $1)', [halted.patch_id, iso(haltedAt)]);
  }
}
