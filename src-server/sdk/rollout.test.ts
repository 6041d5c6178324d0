import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import {
  developer,
  developersAround,
  patchWithSecondVersionRolling,
  reportsOf,
  rolloutOf,
  rolloutWhen,
  sendReports,
} from './rollout-testing.js';
import { createApprovedPatch, patchBody, uniqueCode } from './testing.js';

const MIN = 5;

describe.each(testBackends())('staged patch rollouts on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { rolloutSteps: [5, 25, 100], rolloutMinApplications: MIN });
  });
  afterAll(async () => server?.close());

  it('starts a rollout at 5 % on approval: a developer in the share gets the new version, one outside the previous', async () => {
    const { patchId, code } = await patchWithSecondVersionRolling(server);
    const rollout = await rolloutOf(server, patchId);
    expect(rollout).toMatchObject({ version: 2, previous_version: 1, state: 'rolling', steps: [5, 25, 100], step_index: 0, share_pct: 5, min_applications: MIN });
    expect(rollout.step_stats).toEqual({ applications: 0, successes: 0, rollbacks: 0, failures: 0, rollback_rate: null, failure_rate: null });
    const { inside, outside } = developersAround(patchId, 5);
    expect(await (await developer(server, inside)).servedVersion(code)).toBe(2);
    expect(await (await developer(server, outside)).servedVersion(code)).toBe(1);
  });

  it('serves a first version to its share only: developers outside get no patch', async () => {
    const code = uniqueCode('first');
    const { patch } = await createApprovedPatch(server, patchBody(code));
    expect(await rolloutOf(server, patch.id)).toMatchObject({ version: 1, previous_version: null, state: 'rolling', share_pct: 5 });
    const { inside, outside } = developersAround(patch.id, 5);
    expect(await (await developer(server, inside)).servedVersion(code)).toBe(1);
    expect(await (await developer(server, outside)).servedVersion(code)).toBeNull();
  });

  it('advances to 25 % then completes at 100 % once each step has enough good applications', async () => {
    const { patchId, code } = await patchWithSecondVersionRolling(server);
    await sendReports(server, reportsOf(patchId, 2, MIN - 1));
    // One application short: the step waits. Reports of the previous version do not count.
    await sendReports(server, reportsOf(patchId, 1, 3));
    expect(await rolloutOf(server, patchId)).toMatchObject({ step_index: 0, share_pct: 5, step_stats: { applications: MIN - 1 } });
    await sendReports(server, reportsOf(patchId, 2, 1, { rollbacks: 1 }));
    const second = await rolloutWhen(server, patchId, (r) => r.step_index === 1);
    expect(second).toMatchObject({ state: 'rolling', share_pct: 25, step_stats: { applications: 0 } });
    const { inside, outside } = developersAround(patchId, 25, 25);
    expect(await (await developer(server, inside)).servedVersion(code)).toBe(2);
    expect(await (await developer(server, outside)).servedVersion(code)).toBe(1);

    await sendReports(server, reportsOf(patchId, 2, MIN));
    const done = await rolloutWhen(server, patchId, (r) => r.state === 'completed');
    expect(done).toMatchObject({ step_index: 2, share_pct: 100, updated_by_name: 'test reviewer' });
    expect(done.ended_at).not.toBeNull();
    expect(await (await developer(server, outside)).servedVersion(code)).toBe(2);
    const audit = await server.db.query<{ actor_name: string }>(
      `SELECT actor_name FROM audit_log WHERE entity_id = $1 AND action = 'sdk_patch.rollout_advance' AND actor_role = 'system'`,
      [patchId],
    );
    expect(audit.rows.map((row) => row.actor_name)).toEqual(['system', 'system']);
  });

  it('halts over 20 % rollbacks: audited, served to nobody in the share, the previous version to the others', async () => {
    const { patchId, code } = await patchWithSecondVersionRolling(server);
    const { inside, outside } = developersAround(patchId, 5);
    await sendReports(server, reportsOf(patchId, 2, MIN, { rollbacks: 2 }));
    const halted = await rolloutWhen(server, patchId, (r) => r.state === 'halted');
    expect(halted).toMatchObject({ share_pct: 0, step_index: 0, step_stats: { applications: MIN, rollbacks: 2, rollback_rate: 0.4 } });
    expect(halted.halted_reason).toBe('rollback rate 40.0 % (2 of 5 applications) is over the 20.0 % threshold');
    expect(halted.ended_at).not.toBeNull();
    expect(await (await developer(server, inside)).servedVersion(code)).toBeNull();
    expect(await (await developer(server, outside)).servedVersion(code)).toBe(1);
    const audit = await server.db.query<{ actor_name: string; after: { reason: string } }>(
      `SELECT actor_name, after FROM audit_log WHERE entity_id = $1 AND action = 'sdk_patch.rollout_halt'`,
      [patchId],
    );
    expect(audit.rows).toEqual([{ actor_name: 'system', after: expect.objectContaining({ reason: halted.halted_reason }) }]);
    const metrics = await server.request('GET', '/metrics', { as: null });
    expect(metrics.body).toMatch(/self_heal_rollout_halts_total\{reason="rollback_rate"\} [1-9]/);
    expect(metrics.body).toContain(`self_heal_rollout_share_pct{patch_id="${patchId}"} 0`);
  });

  it('halts when more than half of the applications fail without rolling back', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    await sendReports(server, reportsOf(patchId, 2, MIN, { failures: 3 }));
    const halted = await rolloutWhen(server, patchId, (r) => r.state === 'halted');
    expect(halted.halted_reason).toBe('failure rate 60.0 % (3 of 5 applications) is over the 50.0 % threshold');
    expect(halted.step_stats).toMatchObject({ failures: 3, failure_rate: 0.6, rollbacks: 0 });
  });

  it('starts the next version from the last version every developer had when the one before halted', async () => {
    const { patchId, code } = await patchWithSecondVersionRolling(server);
    await sendReports(server, reportsOf(patchId, 2, MIN, { rollbacks: MIN }));
    await rolloutWhen(server, patchId, (r) => r.state === 'halted');
    await server.request('PUT', `/api/dev/patches/${patchId}`, { as: 'dev_admin', body: patchBody(code, { description: 'v3' }) });
    expect((await server.request('POST', `/api/dev/patches/${patchId}/versions/3/approve`, { as: 'reviewer' })).status).toBe(200);
    expect(await rolloutOf(server, patchId)).toMatchObject({ version: 3, previous_version: 1, state: 'rolling', share_pct: 5 });
    const listed = await server.request('GET', '/api/dev/rollouts', { as: 'dev_admin' });
    expect(listed.status).toBe(200);
    expect(listed.body.rollouts.filter((r: { patch_id: string }) => r.patch_id === patchId)).toEqual([expect.objectContaining({ version: 3 })]);
  });

  it('ends an unfinished rollout when a newer version is approved, which starts from the version every developer had', async () => {
    const { patchId, code } = await patchWithSecondVersionRolling(server);
    await server.request('PUT', `/api/dev/patches/${patchId}`, { as: 'dev_admin', body: patchBody(code, { description: 'v3' }) });
    expect((await server.request('POST', `/api/dev/patches/${patchId}/versions/3/approve`, { as: 'reviewer' })).status).toBe(200);
    expect(await rolloutOf(server, patchId)).toMatchObject({ version: 3, previous_version: 1, state: 'rolling', share_pct: 5 });
    const { rows } = await server.db.query<{ state: string; halted_reason: string; ended_at: string | null }>(
      'SELECT state, halted_reason, ended_at FROM sdk_patch_rollouts WHERE patch_id = $1 AND version = 2',
      [patchId],
    );
    expect(rows).toEqual([{ state: 'halted', halted_reason: 'superseded by version 3 before it completed', ended_at: expect.any(String) }]);
    const audit = await server.db.query<{ after: { rollout: { version: number }; superseded_rollout: { version: number } } }>(
      `SELECT after FROM audit_log WHERE entity_id = $1 AND action = 'sdk_patch.approve' ORDER BY id DESC LIMIT 1`,
      [patchId],
    );
    expect(audit.rows[0]!.after).toMatchObject({ rollout: { version: 3 }, superseded_rollout: { version: 2, state: 'halted' } });
  });

  it('holds a rolling rollout when its patch is deactivated, audited with who deactivated it', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    expect((await server.request('DELETE', `/api/dev/patches/${patchId}`, { as: 'dev_admin' })).status).toBe(200);
    expect(await rolloutOf(server, patchId)).toMatchObject({ state: 'held', share_pct: 5, updated_by_name: 'test dev_admin' });
    await sendReports(server, reportsOf(patchId, 2, MIN));
    expect(await rolloutOf(server, patchId)).toMatchObject({ state: 'held', step_index: 0 });
  });
});
