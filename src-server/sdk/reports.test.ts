import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { RUNBOOK_SQL } from './runbook-sql.js';
import { createApprovedPatch, metricSample, patchBody, uniqueCode } from './testing.js';

interface ReportOptions {
  success?: boolean;
  rollback?: boolean;
  reportId?: string;
  version?: number;
}

function report(patchId: string, options: ReportOptions = {}) {
  return {
    report_id: options.reportId ?? `r-${randomUUID()}`,
    patch_id: patchId,
    patch_version: options.version ?? 1,
    sdk_language: 'node',
    sdk_version: '2.3.0',
    error_encountered: '429 Too Many Requests',
    context: { endpoint: '/v1/payment_intents' },
    success: options.success ?? true,
    rollback_triggered: options.rollback ?? false,
    duration_ms: 120,
  };
}

describe.each(testBackends())('SDK patch application reports on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const send = (reports: unknown[], as: 'sdk' | 'reviewer' | 'merchant' = 'sdk') =>
    server.request('POST', '/api/dev/patch-applications', { as, body: { reports } });

  it('stores a batch once, however often the SDK resends it', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('idem')));
    const batch = [report(patch.id), report(patch.id, { success: false, rollback: true })];
    const first = await send(batch);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ accepted: 2, duplicates: 0, withdrawn: expect.any(Array) });
    const retry = await send([...batch, report(patch.id), batch[0]]);
    expect(retry.body).toEqual({ accepted: 1, duplicates: 3, withdrawn: expect.any(Array) });
    const { rows } = await server.db.query<{ n: number; applied: number; developer: string }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE patch_applied) AS applied, min(developer_id) AS developer
         FROM sdk_patch_applications WHERE patch_id = $1`,
      [patch.id],
    );
    expect(rows[0]).toEqual({ n: 3, applied: 3, developer: 'test sdk' });
  });

  it('answers the runbook queries with the reported numbers', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('runbook'), { description: 'Runbook rate patch' }));
    // 12 applications: 9 successes, 3 rollbacks (the rollback query only lists patches with more than 10).
    const reports = Array.from({ length: 12 }, (_, i) => report(patch.id, { success: i < 9, rollback: i >= 9 }));
    expect((await send(reports)).body.accepted).toBe(12);

    const mostUsed = await server.db.query<{ description: string; applications: number; success_rate: number }>(RUNBOOK_SQL.most_used);
    expect(mostUsed.rows).toContainEqual(expect.objectContaining({ description: 'Runbook rate patch', applications: 12, success_rate: 0.75 }));

    const rollbackRate = await server.db.query<{ description: string; total_applications: number; rollbacks: number; rollback_rate: number }>(
      RUNBOOK_SQL.rollback_rates,
    );
    expect(rollbackRate.rows).toContainEqual({ description: 'Runbook rate patch', total_applications: 12, rollbacks: 3, rollback_rate: 25 });

    const stats = await server.request('GET', '/api/dev/patches/stats?hours=24', { as: 'ops' });
    expect(stats.status).toBe(200);
    const row = stats.body.patches.find((p: { patch_id: string }) => p.patch_id === patch.id);
    expect(row).toMatchObject({ applications: 12, successes: 9, success_rate: 0.75, rollbacks: 3, rollback_rate: 0.25, active: true });
  });

  it('counts newly stored reports in the self_heal_* metrics, and retries not at all', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('metrics')));
    const read = async () => (await server.request('GET', '/metrics', { as: null })).body as string;
    const before = await read();
    const batch = [report(patch.id), report(patch.id, { success: false }), report(patch.id, { success: false, rollback: true })];
    await send(batch);
    await send(batch);
    const after = await read();
    expect(metricSample(after, `self_heal_patch_applications_total{patch_id="${patch.id}"}`)).toBe(3);
    expect(metricSample(after, `self_heal_patch_failures_total{patch_id="${patch.id}"}`)).toBe(2);
    const delta = (line: string) => metricSample(after, line) - metricSample(before, line);
    expect(delta('self_heal_patches_total{sdk_language="node"}')).toBe(3);
    expect(delta('self_heal_rollbacks_total{sdk_language="node"}')).toBe(1);
    expect(after).toMatch(/^self_heal_success_rate \d/m);
  });

  it('names the report whose patch or version does not exist, and stores nothing of the batch', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('unknown')));
    const good = report(patch.id);
    const unknown = await send([good, report(randomUUID())]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.field).toBe('body.reports.1.patch_id');
    const badVersion = await send([good, report(patch.id, { version: 9 })]);
    expect(badVersion.body.error.field).toBe('body.reports.1.patch_version');
    const hugeVersion = await send([good, report(patch.id, { version: 2 ** 31 })]);
    expect({ status: hugeVersion.status, field: hugeVersion.body.error.field }).toEqual({ status: 400, field: 'body.reports.1.patch_version' });
    const stored = await server.db.query('SELECT count(*) AS n FROM sdk_patch_applications WHERE report_id = $1', [good.report_id]);
    expect(stored.rows[0]).toEqual({ n: 0 });
  });

  it('refuses malformed batches, naming the field', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('malformed')));
    const cases: Array<[unknown[], string]> = [
      [[], 'body.reports'],
      [Array.from({ length: 501 }, () => report(patch.id)), 'body.reports'],
      [[{ ...report(patch.id), report_id: 'x' }], 'body.reports.0.report_id'],
      [[{ ...report(patch.id), patch_id: 'nope' }], 'body.reports.0.patch_id'],
      [[{ ...report(patch.id), success: 'yes' }], 'body.reports.0.success'],
      [[{ ...report(patch.id), applied_at: 'yesterday' }], 'body.reports.0.applied_at'],
      [[{ ...report(patch.id), context: { blob: 'x'.repeat(17 * 1024) } }], 'body.reports.0.context'],
    ];
    for (const [reports, field] of cases) {
      const response = await send(reports);
      expect({ status: response.status, field: response.body.error?.field }).toEqual({ status: 400, field });
    }
  });

  it('stores a report dated in the future at the time of receipt', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('future')));
    const future = { ...report(patch.id), applied_at: new Date(Date.now() + 86_400_000).toISOString() };
    const past = { ...report(patch.id), applied_at: '2026-01-02T03:04:05.000Z' };
    await send([future, past]);
    const { rows } = await server.db.query<{ report_id: string; future: boolean; applied_at: string }>(
      'SELECT report_id, applied_at > now() AS future, applied_at FROM sdk_patch_applications WHERE report_id = ANY($1)',
      [[future.report_id, past.report_id]],
    );
    expect(rows.find((r) => r.report_id === future.report_id)?.future).toBe(false);
    expect(rows.find((r) => r.report_id === past.report_id)?.applied_at).toBe('2026-01-02T03:04:05.000Z');
  });

  it('lets only SDKs report and only staff read the statistics', async () => {
    const { patch } = await createApprovedPatch(server, patchBody(uniqueCode('roles')));
    expect((await send([report(patch.id)], 'reviewer')).status).toBe(403);
    expect((await send([report(patch.id)], 'merchant')).status).toBe(403);
    expect((await server.request('GET', '/api/dev/patches/stats', { as: 'merchant' })).status).toBe(403);
    expect((await server.request('GET', '/api/dev/patches/stats', { as: 'sdk' })).status).toBe(403);
    expect((await server.request('GET', '/api/dev/patches/stats?hours=0', { as: 'ops' })).body.error.field).toBe('query.hours');
  });
});
