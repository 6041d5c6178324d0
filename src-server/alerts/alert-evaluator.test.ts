import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SelfHealAlert } from '../../src-shared/schemas/self-heal-alerts.js';
import { openPostgres, type Database } from '../db/database.js';
import { openTestDatabase, testBackends } from '../testing/harness.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { lastEvaluation, listAlerts } from './alert-repo.js';

const MINUTE = 60_000;
// Evaluation times are chosen by each test (a clock it controls), far from the real clock.
const T0 = Date.parse('2031-03-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * MINUTE);

interface Reports {
  patchId: string;
  /** Reports received at the start of each minute from `from` (inclusive) to `to` (exclusive). */
  from: number;
  to: number;
  perMinute: number;
  failures?: number;
  rollbacks?: number;
}

describe.each(testBackends())('the self-healing alert evaluator on %s', (backend) => {
  let db: Database;
  let url: string | undefined;
  let drop: () => Promise<void>;
  let evaluator: AlertEvaluator;

  beforeAll(async () => {
    ({ db, url, drop } = await openTestDatabase(backend));
    evaluator = new AlertEvaluator(db);
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });
  beforeEach(async () => {
    for (const table of ['self_heal_alerts', 'self_heal_alert_evaluations', 'sdk_patch_applications', 'sdk_patch_rollouts']) {
      await db.query(`DELETE FROM ${table}`);
    }
  });

  async function newPatch(): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO sdk_self_healing_registry (sdk_language, error_signature, description, severity, created_by)
       VALUES ('node', '429 Too Many Requests', 'alert test patch', 'medium', 'test') RETURNING id`,
    );
    return rows[0]!.id;
  }

  /** Stores reports as the report route does (received at the given minutes); the first ones fail or roll back. */
  async function receive(reports: Reports): Promise<void> {
    await db.query(
      `INSERT INTO sdk_patch_applications
         (report_id, patch_id, patch_version, developer_id, sdk_language, error_encountered, success, rollback_triggered,
          patch_applied, applied_at, received_at)
       SELECT gen_random_uuid()::text, $1, 1, 'dev-' || i, 'node', '429 Too Many Requests', i > $5, i <= $6, true,
              $2::timestamptz + m * interval '1 minute', $2::timestamptz + m * interval '1 minute'
         FROM generate_series($3::int, $4::int - 1) m, generate_series(1, $7::int) i`,
      [reports.patchId, new Date(T0).toISOString(), reports.from, reports.to, reports.failures ?? 0, reports.rollbacks ?? 0, reports.perMinute],
    );
  }

  async function alertsNamed(name: SelfHealAlert['name']): Promise<SelfHealAlert[]> {
    return (await listAlerts(db)).filter((alert) => alert.name === name);
  }

  /** Evaluates at each minute given and returns the alert's state after each (none when no episode is open). */
  async function statesAt(name: SelfHealAlert['name'], minutes: number[], patchId: string | null = null): Promise<string[]> {
    const states: string[] = [];
    for (const minute of minutes) {
      await evaluator.evaluate(at(minute));
      const alerts = (await alertsNamed(name)).filter((alert) => alert.patch_id === patchId);
      const open = alerts.find((alert) => alert.state !== 'resolved');
      const resolvedNow = alerts.find((alert) => alert.resolved_at === at(minute).toISOString());
      states.push(open?.state ?? resolvedNow?.state ?? 'none');
    }
    return states;
  }

  it('raises a high rollback rate pending, firing after 10 minutes, resolved when rollbacks stop', async () => {
    const patchId = await newPatch();
    // 25 % roll back for the first 30 minutes, none after.
    await receive({ patchId, from: 0, to: 30, perMinute: 4, rollbacks: 1 });
    await receive({ patchId, from: 30, to: 45, perMinute: 4 });
    expect(await statesAt('SelfHealHighRollbackRate', [0, 5, 9.75, 10, 20, 29])).toEqual(['pending', 'pending', 'pending', 'firing', 'firing', 'firing']);
    // The 5-minute range ending at minute 30 holds one minute without rollbacks: 20 %, not above.
    expect(await statesAt('SelfHealHighRollbackRate', [30, 31])).toEqual(['resolved', 'none']);

    const [episode] = await alertsNamed('SelfHealHighRollbackRate');
    expect(episode).toMatchObject({
      severity: 'warning',
      patch_id: null,
      state: 'resolved',
      value: 0.25,
      threshold: 0.2,
      active_at: at(0).toISOString(),
      fired_at: at(10).toISOString(),
      resolved_at: at(30).toISOString(),
      last_evaluated_at: at(30).toISOString(),
    });
    expect(await alertsNamed('SelfHealHighRollbackRate')).toHaveLength(1);
  });

  it('stays quiet while the rollback rate is at its threshold, not above', async () => {
    const patchId = await newPatch();
    await receive({ patchId, from: 0, to: 20, perMinute: 5, rollbacks: 1 });
    expect(await statesAt('SelfHealHighRollbackRate', [0, 5, 10, 15, 19])).toEqual(['none', 'none', 'none', 'none', 'none']);
    expect(await listAlerts(db)).toEqual([]);
  });

  it('names only the patch failing more than half the time, firing after 15 minutes', async () => {
    const failing = await newPatch();
    const coping = await newPatch();
    // 60 % fail for 20 minutes, then none; the other patch fails 40 % of the time throughout.
    await receive({ patchId: failing, from: 0, to: 20, perMinute: 5, failures: 3 });
    await receive({ patchId: failing, from: 20, to: 40, perMinute: 5 });
    await receive({ patchId: coping, from: 0, to: 40, perMinute: 5, failures: 2 });

    expect(await statesAt('SelfHealPatchFailing', [0, 14.75, 15], failing)).toEqual(['pending', 'pending', 'firing']);
    const firing = await alertsNamed('SelfHealPatchFailing');
    expect(firing.map((alert) => alert.patch_id)).toEqual([failing]);
    expect(firing[0]).toMatchObject({ severity: 'critical', value: 0.6, threshold: 0.5, fired_at: at(15).toISOString() });

    // The 10-minute range ending at minute 20 holds 9 failing minutes (54 %), at minute 21 eight (48 %).
    expect(await statesAt('SelfHealPatchFailing', [20, 21], failing)).toEqual(['firing', 'resolved']);
    expect((await alertsNamed('SelfHealPatchFailing'))[0]).toMatchObject({ value: 0.54, resolved_at: at(21).toISOString() });
    expect((await alertsNamed('SelfHealPatchFailing')).map((alert) => alert.patch_id)).toEqual([failing]);
  });

  it('raises a high volume above 100 applications a minute over 5 minutes, and not at 100', async () => {
    const busy = await newPatch();
    await receive({ patchId: busy, from: 0, to: 20, perMinute: 101 });
    // The 5-minute range holds 5 minutes of reports from minute 4 on (at minute 3: 404 reports, 80.8 a minute).
    expect(await statesAt('SelfHealHighVolume', [3, 4, 13.75, 14, 19])).toEqual(['none', 'pending', 'pending', 'firing', 'firing']);
    expect((await alertsNamed('SelfHealHighVolume'))[0]).toMatchObject({ value: 101, threshold: 100, active_at: at(4).toISOString() });
    expect(await statesAt('SelfHealHighVolume', [24])).toEqual(['resolved']);

    await db.query('DELETE FROM self_heal_alerts');
    await receive({ patchId: busy, from: 60, to: 75, perMinute: 100 });
    expect(await statesAt('SelfHealHighVolume', [64, 70, 74])).toEqual(['none', 'none', 'none']);
  });

  it('drops a pending alert whose condition clears before its for: duration', async () => {
    const patchId = await newPatch();
    await receive({ patchId, from: 0, to: 3, perMinute: 4, rollbacks: 2 });
    await receive({ patchId, from: 3, to: 20, perMinute: 10 });
    expect(await statesAt('SelfHealHighRollbackRate', [0, 2, 9])).toEqual(['pending', 'pending', 'none']);
    expect(await listAlerts(db)).toEqual([]);
  });

  async function startRollout(patchId: string, version: number, state: 'rolling' | 'halted', startedMinute: number): Promise<void> {
    await db.query(
      `INSERT INTO sdk_patch_rollouts (patch_id, version, state, steps, share_pct, min_applications, started_at, step_started_at, updated_at)
       VALUES ($1, $2, $3, '[5, 25, 100]'::jsonb, $4, 20, $5, $5, $5)`,
      [patchId, version, state, state === 'halted' ? 0 : 5, at(startedMinute).toISOString()],
    );
  }

  it('fires at once for a halted rollout, resolved when a new version rolls out or the patch is deactivated', async () => {
    const replaced = await newPatch();
    const deactivated = await newPatch();
    const rolling = await newPatch();
    await startRollout(replaced, 1, 'halted', 0);
    await startRollout(deactivated, 1, 'halted', 0);
    await startRollout(rolling, 1, 'rolling', 0);
    await evaluator.evaluate(at(1));
    const halted = await alertsNamed('SelfHealRolloutHalted');
    expect(halted.map((alert) => alert.patch_id).sort()).toEqual([replaced, deactivated].sort());
    expect(halted.every((alert) => alert.state === 'firing' && alert.fired_at === at(1).toISOString() && alert.severity === 'critical')).toBe(true);

    await startRollout(replaced, 2, 'rolling', 2);
    await db.query('UPDATE sdk_self_healing_registry SET deactivated_at = $2, active = false WHERE id = $1', [deactivated, at(2).toISOString()]);
    await evaluator.evaluate(at(3));
    const after = await alertsNamed('SelfHealRolloutHalted');
    expect(after.map((alert) => [alert.patch_id, alert.state, alert.resolved_at]).sort()).toEqual(
      [
        [replaced, 'resolved', at(3).toISOString()],
        [deactivated, 'resolved', at(3).toISOString()],
      ].sort(),
    );
  });

  it('evaluates on its own every interval, at the database clock, until stopped', async () => {
    const background = new AlertEvaluator(db, { intervalMs: 25 });
    background.start();
    try {
      let evaluatedAt: string | null = null;
      for (let attempt = 0; attempt < 200 && evaluatedAt === null; attempt += 1) {
        evaluatedAt = await lastEvaluation(db);
        if (evaluatedAt === null) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(evaluatedAt).not.toBeNull();
      expect(Math.abs(Date.parse(evaluatedAt!) - Date.now())).toBeLessThan(60_000);
    } finally {
      await background.stop();
    }
  });

  it('keeps one episode when two evaluators race, and drops an evaluation older than the last one', async () => {
    const patchId = await newPatch();
    await receive({ patchId, from: 0, to: 20, perMinute: 4, rollbacks: 2 });
    // A second evaluator as another server process would run it: on PostgreSQL, its own connections.
    const other = backend === 'postgres' ? await openPostgres(url!) : db;
    try {
      const rival = new AlertEvaluator(other);
      const same = await Promise.all([evaluator.evaluate(at(0)), rival.evaluate(at(0))]);
      expect(same.sort()).toEqual(['applied', 'superseded']);
      for (let minute = 0.25; minute <= 12; minute += 0.25) {
        await Promise.all([evaluator.evaluate(at(minute)), rival.evaluate(at(minute + 0.1))]);
      }
      expect(await evaluator.evaluate(at(5))).toBe('superseded');
      const episodes = await alertsNamed('SelfHealHighRollbackRate');
      expect(episodes).toHaveLength(1);
      expect(episodes[0]).toMatchObject({ state: 'firing', active_at: at(0).toISOString(), last_evaluated_at: at(12.1).toISOString() });
      // Fired by whichever evaluator first reached 10 minutes.
      expect([at(10).toISOString(), at(10.1).toISOString()]).toContain(episodes[0]!.fired_at);
    } finally {
      if (other !== db) await other.close();
    }
  });
});
