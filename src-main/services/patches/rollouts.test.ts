import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src-server/app.js';
import { reportsOf } from '../../../src-server/sdk/rollout-testing.js';
import { createApprovedPatch, patchBody } from '../../../src-server/sdk/testing.js';
import { TEST_TOKENS, testBackends, type TokenName } from '../../../src-server/testing/harness.js';
import { ConflictSchema } from '../../../src-shared/ipc/conflicts.js';
import { OutboxViewSchema } from '../../../src-shared/ipc/outbox.js';
import { BackendUnreachableError } from '../../backend/backend-errors.js';
import { waitFor } from '../../sync/testing/fixtures.js';
import { DecisionDesk } from '../decision-desk.js';
import { DecisionService } from '../decision-service.js';
import { DeliveryWatch } from '../delivery-watch.js';
import { ServiceError } from '../service-error.js';
import { serverPerSuite } from '../testing/console-fixture.js';
import { RolloutService } from './rollout-service.js';

const MIN = 5;
let codes = 0;
const uniqueCode = (name: string) => `${name}_${process.pid}_${++codes}`;

describe.each(testBackends())('patch rollouts and alerts in the console, against the reference backend on %s', (backend) => {
  const suite = serverPerSuite(backend, { rolloutSteps: [5, 25, 100], rolloutMinApplications: MIN });

  /** A console signed in as `as`, wired as the app wires the rollout service (the watch kicks the pusher). */
  async function rolloutConsole(as: TokenName, now?: () => number) {
    const app = await suite.syncedConsole({ as });
    const watch = new DeliveryWatch({ onDidSettleItem: app.pusher.onDidSettleItem, onDidPush: app.pusher.onDidPush, kick: () => (app.pusher.kick(), true) }, 2_000);
    const decisions = new DecisionService(app.repos, () => app.profileId, () => undefined);
    const rollouts = new RolloutService({ repos: app.repos, client: () => app.client, activeProfileId: () => app.profileId, decisions, watch, ...(now ? { now } : {}) });
    return Object.assign(app, { rollouts, decisionDesk: new DecisionDesk(app.repos, decisions, app.conflicts, watch) });
  }

  async function approvedPatch(): Promise<string> {
    return (await createApprovedPatch(suite.server, patchBody(uniqueCode('rollout')))).patch.id;
  }

  const refusal = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      if (error instanceof ServiceError) return { kind: error.kind, code: error.code, message: error.message };
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('caches the rollouts and alerts with their age, refreshes them at most once a minute in the background, and reads them offline', async () => {
    const patchId = await approvedPatch();
    let now = Date.parse('2026-12-04T10:00:00.000Z');
    const app = await rolloutConsole('ops', () => now);
    expect(app.rollouts.forPatch(patchId)).toEqual({ rollout: null, age: { computedAt: null, refreshedAt: null } });

    expect(await app.rollouts.refreshNow()).toEqual({
      rollouts: { computedAt: expect.any(String), refreshedAt: '2026-12-04T10:00:00.000Z' },
      alerts: { computedAt: expect.any(String), refreshedAt: '2026-12-04T10:00:00.000Z' },
    });
    const onServer = (await suite.server.request('GET', `/api/dev/patches/${patchId}/rollout`, { as: 'ops' })).body.rollout;
    expect(onServer).toMatchObject({ version: 1, state: 'rolling', steps: [5, 25, 100], share_pct: 5, min_applications: MIN });
    expect(app.rollouts.forPatch(patchId).rollout).toEqual({ rollout: onServer, localState: 'synced', pending: null, errorSignature: '429 Too Many Requests' });
    expect(app.rollouts.list().rollouts.map((view) => view.rollout.patch_id)).toContain(patchId);
    const alerts = (await suite.server.request('GET', '/api/dev/alerts', { as: 'ops' })).body.alerts;
    expect(app.rollouts.alerts().alerts.map((view) => view.alert)).toEqual(alerts);

    now += 30_000;
    await app.rollouts.refreshInBackground();
    expect(app.rollouts.list().age.refreshedAt).toBe('2026-12-04T10:00:00.000Z');
    now += 31_000;
    await app.rollouts.refreshInBackground();
    expect(app.rollouts.list().age.refreshedAt).toBe('2026-12-04T10:01:01.000Z');

    await suite.outage.stop();
    try {
      await expect(app.rollouts.refreshNow()).rejects.toBeInstanceOf(BackendUnreachableError);
      expect(app.rollouts.forPatch(patchId)).toMatchObject({ rollout: { rollout: { version: 1, share_pct: 5 } }, age: { refreshedAt: '2026-12-04T10:01:01.000Z' } });
    } finally {
      await suite.outage.start();
    }
    await app.rollouts.close();
  });

  it('refreshes within the minute when a pull brings an approval whose rollout is not cached, once per such approval', async () => {
    let now = Date.parse('2026-12-04T11:00:00.000Z');
    const app = await rolloutConsole('reviewer', () => now);
    await app.rollouts.refreshNow();
    const patchId = await approvedPatch();
    await app.engine.syncNow();
    expect(app.rollouts.forPatch(patchId).rollout).toBeNull();

    now += 5_000;
    await app.rollouts.refreshInBackground();
    expect(app.rollouts.forPatch(patchId).rollout?.rollout).toMatchObject({ version: 1, state: 'rolling', share_pct: 5 });
    expect(app.rollouts.list().age.refreshedAt).toBe('2026-12-04T11:00:05.000Z');

    // Nothing new behind the cache: the minute holds again.
    now += 5_000;
    await app.rollouts.refreshInBackground();
    expect(app.rollouts.list().age.refreshedAt).toBe('2026-12-04T11:00:05.000Z');
    await app.rollouts.close();
  });

  it('sends an advance queued offline once the backend is back, the rollout showing it pending until then', async () => {
    const patchId = await approvedPatch();
    const app = await rolloutConsole('reviewer');
    await app.rollouts.refreshNow();
    await suite.outage.stop();
    try {
      expect(await app.rollouts.act(patchId, 1, 'advance')).toMatchObject({ patchId, delivery: { status: 'queued', reason: 'unreachable' } });
      expect(app.rollouts.forPatch(patchId).rollout).toMatchObject({ localState: 'queued', pending: { action: 'advance' }, rollout: { step_index: 0 } });
      expect(OutboxViewSchema.parse(app.outbox.view()).items).toEqual([expect.objectContaining({ kind: 'patch_rollout', targetId: patchId, decision: { action: 'advance' }, baseVersion: 1 })]);
    } finally {
      await suite.outage.start();
    }
    await waitFor(() => app.outbox.view().depth === 0, 'the queued advance to be pushed');
    expect(app.rollouts.forPatch(patchId).rollout).toMatchObject({ localState: 'synced', pending: null, rollout: { step_index: 1, share_pct: 25, updated_by_name: 'test reviewer' } });
    const onServer = (await suite.server.request('GET', `/api/dev/patches/${patchId}/rollout`, { as: 'ops' })).body.rollout;
    expect(onServer).toMatchObject({ state: 'rolling', step_index: 1, share_pct: 25 });
  });

  it('turns an advance the server can no longer take (its thresholds halted the rollout meanwhile) into a conflict naming the halted rollout', async () => {
    const patchId = await approvedPatch();
    const app = await rolloutConsole('reviewer');
    await app.rollouts.refreshNow();
    await suite.outage.stop();
    try {
      expect((await app.rollouts.act(patchId, 1, 'advance')).delivery).toMatchObject({ status: 'queued' });
      // SDKs report the version rolling back while the console is cut off: the backend halts the rollout.
      const other = await buildApp(suite.server.db, { ...suite.server.built.context.config });
      try {
        const reported = await other.app.inject({
          method: 'POST',
          url: '/api/dev/patch-applications',
          headers: { authorization: `Bearer ${TEST_TOKENS.sdk}`, 'content-type': 'application/json' },
          payload: { reports: reportsOf(patchId, 1, MIN, { rollbacks: MIN }) },
        });
        expect(reported.statusCode).toBe(200);
        await waitFor(async () => (await suite.server.db.query<{ state: string }>(`SELECT state FROM sdk_patch_rollouts WHERE patch_id = $1`, [patchId])).rows.some((row) => row.state === 'halted'), 'the rollout to halt');
      } finally {
        await other.close();
      }
    } finally {
      await suite.outage.start();
    }
    await waitFor(() => app.outbox.view().depth === 0, 'the queued advance to be pushed');
    const [conflict] = app.conflicts.list().map((item) => ConflictSchema.parse(item));
    expect(conflict).toMatchObject({
      kind: 'patch_rollout',
      targetId: patchId,
      logId: null,
      pauseId: null,
      subject: { kind: 'patch_rollout', id: patchId, patch: { patchId, errorSignature: '429 Too Many Requests', version: 1 } },
      mine: { decision: { action: 'advance' }, baseVersion: 1 },
      theirs: { patch_id: patchId, version: 1, state: 'halted', share_pct: 0, halted_reason: expect.stringMatching(/rollback rate/) },
      error: { code: 'rollout_conflict' },
    });
    expect(app.rollouts.forPatch(patchId).rollout).toMatchObject({ localState: 'conflict', rollout: { state: 'rolling' } });

    expect(await app.decisionDesk.resolveConflict(conflict!.id, 'take_theirs')).toMatchObject({ resolution: 'take_theirs', delivery: null });
    expect(app.rollouts.forPatch(patchId).rollout).toMatchObject({ localState: 'synced', rollout: { state: 'halted', share_pct: 0 } });
    // Now the console knows: nothing it cannot send is queued.
    expect(await refusal(() => app.rollouts.act(patchId, 1, 'resume'))).toMatchObject({ kind: 'conflict', code: 'rollout_halted', message: expect.stringMatching(/halted/) });
    expect(app.outbox.view().depth).toBe(0);
  });

  it('refuses before queuing a hand the role lacks, a resume of a rolling rollout and a version the rollout is not of; holds, then aborts with the reason', async () => {
    const patchId = await approvedPatch();
    const ops = await rolloutConsole('ops');
    await ops.rollouts.refreshNow();
    expect(await refusal(() => ops.rollouts.act(patchId, 1, 'hold'))).toMatchObject({ kind: 'forbidden', code: 'role_required', message: expect.stringMatching(/reviewer/) });
    const reviewer = await rolloutConsole('reviewer');
    await reviewer.rollouts.refreshNow();
    expect(await refusal(() => reviewer.rollouts.act(patchId, 1, 'resume'))).toMatchObject({ kind: 'conflict', code: 'rollout_not_held' });
    expect(await refusal(() => reviewer.rollouts.act(patchId, 2, 'hold'))).toMatchObject({ kind: 'conflict', code: 'rollout_version_changed' });
    expect([ops, reviewer].map((c) => c.outbox.view().depth)).toEqual([0, 0]);

    expect(await reviewer.rollouts.act(patchId, 1, 'hold')).toMatchObject({ delivery: { status: 'sent' } });
    expect(reviewer.rollouts.forPatch(patchId).rollout).toMatchObject({ localState: 'synced', rollout: { state: 'held' } });
    expect(await reviewer.rollouts.act(patchId, 1, 'abort', 'merchants complain')).toMatchObject({ delivery: { status: 'sent' } });
    expect(reviewer.rollouts.forPatch(patchId).rollout!.rollout).toMatchObject({ state: 'halted', halted_reason: expect.stringContaining('merchants complain') });
  });
});
