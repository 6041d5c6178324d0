import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import { SelfHealAlertsResponseSchema, type SelfHealAlert } from '../../src-shared/schemas/self-heal-alerts.js';
import { createApprovedPatch, patchBody, uniqueCode } from '../sdk/testing.js';
import { startTestServer, testBackends, TOKEN_OF_ROLE, type TestServer } from '../testing/harness.js';

function report(patchId: string, rollback: boolean) {
  return {
    report_id: `r-${randomUUID()}`,
    patch_id: patchId,
    patch_version: 1,
    sdk_language: 'node',
    sdk_version: '2.3.0',
    error_encountered: '429 Too Many Requests',
    success: !rollback,
    rollback_triggered: rollback,
    duration_ms: 80,
  };
}

/** Asks until `found` holds (the evaluation after a report batch runs in the background), at most `attempts` times. */
async function eventually<T>(read: () => Promise<T>, found: (value: T) => boolean, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    const value = await read();
    if (found(value) || attempt >= attempts) return value;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.each(testBackends())('GET /api/dev/alerts on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const alerts = async () => {
    const answer = await server.request('GET', '/api/dev/alerts', { as: 'ops' });
    expect(answer.status).toBe(200);
    return SelfHealAlertsResponseSchema.parse(answer.body);
  };

  it('answers every staff role, evaluating first on a database never evaluated', async () => {
    for (const role of STAFF_ROLES) {
      const answer = await server.request('GET', '/api/dev/alerts', { as: TOKEN_OF_ROLE[role] });
      expect(answer.status, role).toBe(200);
      expect(() => SelfHealAlertsResponseSchema.parse(answer.body)).not.toThrow();
    }
    expect(Date.parse((await alerts()).evaluated_at)).not.toBeNaN();
  });

  it('refuses merchants, SDKs and callers without a token', async () => {
    expect((await server.request('GET', '/api/dev/alerts', { as: 'merchant' })).status).toBe(403);
    expect((await server.request('GET', '/api/dev/alerts', { as: 'sdk' })).status).toBe(403);
    const anonymous = await server.request('GET', '/api/dev/alerts', { as: null });
    expect(anonymous.status).toBe(401);
  });

  it('shows a high rollback rate pending soon after the reports that raise it arrive', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('alerts')));
    const reports = Array.from({ length: 10 }, (_, i) => report(patch.id, i < 4));
    const sent = await server.request('POST', '/api/dev/patch-applications', { as: 'sdk', body: { reports } });
    expect(sent.status).toBe(200);
    const { rows } = await server.db.query<{ n: number }>('SELECT count(*) AS n FROM sdk_patch_applications WHERE patch_id = $1 AND received_at IS NOT NULL', [patch.id]);
    expect(rows[0]!.n).toBe(10);

    const isRollbackAlert = (alert: SelfHealAlert) => alert.name === 'SelfHealHighRollbackRate' && alert.state !== 'resolved';
    const answer = await eventually(alerts, (value) => value.alerts.some(isRollbackAlert));
    expect(answer.alerts.find(isRollbackAlert)).toMatchObject({ state: 'pending', severity: 'warning', patch_id: null, value: 0.4, threshold: 0.2, fired_at: null });
  });

  it('fires for a halted rollout at the next evaluation, with its patch, and counts it in /metrics', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('halted')));
    const halted = await server.db.query(
      `UPDATE sdk_patch_rollouts SET state = 'halted', share_pct = 0, halted_reason = 'rollback rate 40 %' WHERE patch_id = $1`,
      [patch.id],
    );
    expect(halted.rowCount).toBe(1);
    // Any report batch asks for an evaluation.
    await server.request('POST', '/api/dev/patch-applications', { as: 'sdk', body: { reports: [report(patch.id, false)] } });

    const isHalted = (alert: SelfHealAlert) => alert.name === 'SelfHealRolloutHalted' && alert.patch_id === patch.id;
    const answer = await eventually(alerts, (value) => value.alerts.some(isHalted));
    expect(answer.alerts.find(isHalted)).toMatchObject({ state: 'firing', severity: 'critical', value: null, resolved_at: null });

    const metrics = await server.request('GET', '/metrics', { as: null });
    expect(metrics.body).toContain('self_heal_alerts_firing{alertname="SelfHealRolloutHalted"} 1');
    expect(metrics.body).toContain('self_heal_alerts_firing{alertname="SelfHealHighVolume"} 0');
  });
});
