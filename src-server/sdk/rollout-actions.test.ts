import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerOn, startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { RolloutEvaluator, RolloutMetrics } from './rollout-evaluation.js';
import { patchWithSecondVersionRolling, reportsOf, rolloutAction, rolloutOf } from './rollout-testing.js';
import { patchBody, uniqueCode } from './testing.js';

const MIN = 5;

describe.each(testBackends())("a reviewer's hand on a rollout on %s", (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { rolloutSteps: [5, 25, 100], rolloutMinApplications: MIN });
  });
  afterAll(async () => server?.close());

  const auditOf = async (patchId: string, action: string) =>
    (
      await server.db.query<{ actor_name: string; actor_role: string }>(
        'SELECT actor_name, actor_role FROM audit_log WHERE entity_id = $1 AND action = $2 ORDER BY id',
        [patchId, action],
      )
    ).rows;

  it('holds, resumes and advances by hand, each audited with the reviewer’s name', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    const held = await rolloutAction(server, patchId, { action: 'hold', version: 2 });
    expect(held.status).toBe(200);
    expect(held.body.rollout).toMatchObject({ state: 'held', share_pct: 5, updated_by_name: 'test reviewer' });
    const resumed = await rolloutAction(server, patchId, { action: 'resume', version: 2 }, 'reviewer2');
    expect(resumed.body.rollout).toMatchObject({ state: 'rolling', updated_by_name: 'test reviewer2' });
    const advanced = await rolloutAction(server, patchId, { action: 'advance', version: 2 }, 'admin');
    expect(advanced.status).toBe(200);
    expect(advanced.body.rollout).toMatchObject({ state: 'rolling', step_index: 1, share_pct: 25, updated_by_name: 'test admin' });
    expect(await auditOf(patchId, 'sdk_patch.rollout_hold')).toEqual([{ actor_name: 'test reviewer', actor_role: 'reviewer' }]);
    expect(await auditOf(patchId, 'sdk_patch.rollout_resume')).toEqual([{ actor_name: 'test reviewer2', actor_role: 'reviewer' }]);
    // Version 1's two advances by hand (completing it), then version 2's.
    expect((await auditOf(patchId, 'sdk_patch.rollout_advance')).map((row) => row.actor_name)).toEqual(['test reviewer', 'test reviewer', 'test admin']);
  });

  it('aborts with a reason, which is final: resuming or advancing answers 409 saying a new version starts a new rollout', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    const aborted = await rolloutAction(server, patchId, { action: 'abort', version: 2, reason: 'merchants report double charges' });
    expect(aborted.status).toBe(200);
    expect(aborted.body.rollout).toMatchObject({ state: 'halted', share_pct: 0, halted_reason: 'aborted by test reviewer: merchants report double charges' });
    expect(await auditOf(patchId, 'sdk_patch.rollout_abort')).toEqual([{ actor_name: 'test reviewer', actor_role: 'reviewer' }]);
    for (const action of ['resume', 'advance', 'hold']) {
      const refused = await rolloutAction(server, patchId, { action, version: 2 });
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('rollout_conflict');
      expect(refused.body.error.message).toContain(`version 2 is halted`);
      expect(refused.body.error.details.current).toMatchObject({ version: 2, state: 'halted' });
    }
    expect((await rolloutAction(server, patchId, { action: 'resume', version: 2 })).body.error.message).toContain('approve a new version to start a new rollout');
  });

  it('answers 409 naming the rollout’s version and state when the body names another version, and on a completed rollout', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    const stale = await rolloutAction(server, patchId, { action: 'advance', version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'rollout_conflict', message: `the rollout of patch ${patchId} is of version 2 (rolling), not version 1` });
    expect((await rolloutOf(server, patchId)).step_index).toBe(0);
    const resumeRolling = await rolloutAction(server, patchId, { action: 'resume', version: 2 });
    expect(resumeRolling.body.error.message).toContain('only a held rollout can be resumed');
    for (let step = 0; step < 2; step++) await rolloutAction(server, patchId, { action: 'advance', version: 2 });
    const done = await rolloutAction(server, patchId, { action: 'advance', version: 2 });
    expect(done.status).toBe(409);
    expect(done.body.error.message).toContain('is completed');
  });

  it('lets only reviewers (and admins) act, while ops and dev_admin may read', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    for (const as of ['ops', 'dev_admin'] as const) {
      const denied = await rolloutAction(server, patchId, { action: 'hold', version: 2 }, as);
      expect(denied.status).toBe(403);
      expect((await server.request('GET', `/api/dev/patches/${patchId}/rollout`, { as })).status).toBe(200);
      expect((await server.request('GET', '/api/dev/rollouts', { as })).status).toBe(200);
    }
    expect((await server.request('GET', '/api/dev/rollouts', { as: 'merchant' })).status).toBe(403);
    expect((await server.request('GET', '/api/dev/rollouts', { as: 'sdk' })).status).toBe(403);
    expect((await rolloutOf(server, patchId)).state).toBe('rolling');
  });

  it('answers 400 naming the field of a malformed action, and 404 without a patch or a rollout', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ action: 'abort', version: 2 }, 'body.reason'],
      [{ action: 'pause', version: 2 }, 'body.action'],
      [{ action: 'hold' }, 'body.version'],
      [{ action: 'hold', version: 0 }, 'body.version'],
      [{ action: 'hold', version: 2 ** 31 }, 'body.version'],
      [{ action: 'hold', version: 2, extra: true }, 'body.extra'],
      [{ action: 'abort', version: 2, reason: '   ' }, 'body.reason'],
    ];
    for (const [body, field] of cases) {
      const refused = await rolloutAction(server, patchId, body);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.message, JSON.stringify(body)).toMatch(new RegExp(`^${field.replace('.', '\\.')}`));
    }
    const unknown = await rolloutAction(server, '00000000-0000-4000-8000-000000000000', { action: 'hold', version: 1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('not_found');
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(uniqueCode('unapproved')) });
    const none = await rolloutAction(server, created.body.patch.id, { action: 'hold', version: 1 });
    expect(none.status).toBe(404);
    expect(none.body.error.code).toBe('rollout_not_found');
    expect((await server.request('GET', `/api/dev/patches/${created.body.patch.id}/rollout`, { as: 'ops' })).body).toEqual({ rollout: null });
    expect((await server.request('GET', '/api/dev/patches/not-a-uuid/rollout', { as: 'ops' })).status).toBe(400);
  });

  it('advances a step once when two report batches are evaluated at the same time', async () => {
    const { patchId } = await patchWithSecondVersionRolling(server);
    // Both batches were applied during the first step, whichever commits first.
    const appliedAt = new Date(Date.parse((await rolloutOf(server, patchId)).step_started_at) + 1).toISOString();
    // Two servers over one database, as two processes would be: each gets one batch at the same time.
    const other = await startServerOn(server.db, { rolloutSteps: [5, 25, 100], rolloutMinApplications: MIN });
    const post = (baseUrl: string) =>
      fetch(`${baseUrl}/api/dev/patch-applications`, {
        method: 'POST',
        headers: { authorization: 'Bearer test-sdk-token', 'content-type': 'application/json' },
        body: JSON.stringify({ reports: reportsOf(patchId, 2, MIN, { appliedAt }) }),
      });
    const answers = await Promise.all([post(server.baseUrl), post(other.baseUrl)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    // Two more evaluators at once on the same figures, directly: only the first may advance.
    const evaluators = [0, 1].map(() => new RolloutEvaluator(server.db, pino({ level: 'silent' }), new RolloutMetrics(new Registry(), server.db), () => undefined));
    await Promise.all(evaluators.map((evaluator) => evaluator.evaluate([patchId])));
    await other.close(); // waits for its own evaluation
    await expect.poll(async () => (await auditOf(patchId, 'sdk_patch.rollout_advance')).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(3);
    const rollout = await rolloutOf(server, patchId);
    expect(rollout).toMatchObject({ step_index: 1, share_pct: 25 });
    // Version 1's two advances by hand, and exactly one automatic advance of version 2.
    expect((await auditOf(patchId, 'sdk_patch.rollout_advance')).filter((row) => row.actor_role === 'system')).toHaveLength(1);
  });
});
