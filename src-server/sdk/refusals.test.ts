import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer, type TokenName } from '../testing/harness.js';
import { metricSample } from './testing.js';

function refusal(overrides: Record<string, unknown> = {}) {
  return {
    report_id: `refusal-${randomUUID()}`,
    patch_id: randomUUID(),
    patch_version: 3,
    sdk_language: 'node',
    sdk_version: '2.3.0',
    reason_code: 'rollback',
    reason: 'version 3 is older than version 4, already seen',
    expires_at: '2026-12-18T10:00:00.000Z',
    highest_seen_version: 4,
    refused_at: new Date().toISOString(),
    ...overrides,
  };
}

describe.each(testBackends())('SDK patch refusals on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const send = (refusals: unknown[], as: TokenName = 'sdk') => server.request('POST', '/api/dev/patch-refusals', { as, body: { refusals } });
  const list = (query: string, as: TokenName = 'reviewer') => server.request('GET', `/api/dev/patch-refusals${query}`, { as });
  const counter = async (reason: string) =>
    metricSample((await server.request('GET', '/metrics', { as: null })).body, `self_heal_patch_refusals_total{sdk_language="node",reason_code="${reason}"}`);

  it('stores a batch once, counts it, and answers a resent batch as duplicates', async () => {
    const patchId = randomUUID();
    const batch = [refusal({ patch_id: patchId }), refusal({ patch_id: patchId, reason_code: 'expired', highest_seen_version: null })];
    const rollbacksBefore = await counter('rollback');

    const first = await send(batch);
    expect(first.status).toBe(202);
    expect(first.body).toEqual({ accepted: 2, duplicates: 0 });
    expect(await send(batch)).toMatchObject({ status: 202, body: { accepted: 0, duplicates: 2 } });
    expect(await counter('rollback')).toBe(rollbacksBefore + 1);

    const stored = await list(`?patch_id=${patchId}`);
    expect(stored.status).toBe(200);
    expect(stored.body.refusals).toHaveLength(2);
    expect(stored.body.refusals.map((r: { reason_code: string }) => r.reason_code).sort()).toEqual(['expired', 'rollback']);
    expect(stored.body.refusals.find((r: { reason_code: string }) => r.reason_code === 'rollback')).toMatchObject({
      report_id: batch[0]!.report_id,
      developer_id: 'test sdk',
      patch_version: 3,
      highest_seen_version: 4,
      expires_at: '2026-12-18T10:00:00.000Z',
    });
  });

  it('keeps report ids apart per developer: another developer reusing one is stored', async () => {
    const patchId = randomUUID();
    const shared = refusal({ patch_id: patchId });
    expect((await send([shared], 'sdk')).body).toEqual({ accepted: 1, duplicates: 0 });
    expect((await send([shared], 'dev_admin')).body).toEqual({ accepted: 1, duplicates: 0 });
    const stored = await list(`?patch_id=${patchId}`, 'ops');
    expect(stored.body.refusals.map((r: { developer_id: string }) => r.developer_id).sort()).toEqual(['test dev_admin', 'test sdk']);
  });

  it('stores a refusal time in the future as the time of receipt, and cleans text PostgreSQL cannot store', async () => {
    const patchId = randomUUID();
    const before = Date.now();
    await send([refusal({ patch_id: patchId, refused_at: new Date(Date.now() + 86_400_000).toISOString(), reason: 'bad\u0000signature' })]);
    const [row] = (await list(`?patch_id=${patchId}`)).body.refusals;
    expect(Date.parse(row.refused_at)).toBeLessThan(before + 60_000);
    expect(row.reason).toBe('badsignature');
  });

  it('lists the newest first, within the limit', async () => {
    const patchId = randomUUID();
    const times = [3, 1, 2].map((h) => new Date(Date.now() - h * 3_600_000).toISOString());
    await send(times.map((refused_at) => refusal({ patch_id: patchId, refused_at })));
    const newest = await list(`?patch_id=${patchId}&limit=2`);
    expect(newest.body.refusals.map((r: { refused_at: string }) => r.refused_at)).toEqual([times[1], times[2]]);
  });

  it('refuses malformed batches, naming the field', async () => {
    const cases: Array<[unknown, string]> = [
      [[], 'body.refusals'],
      [[refusal({ reason_code: 'bored' })], 'body.refusals.0.reason_code'],
      [[refusal(), refusal({ refused_at: 'yesterday' })], 'body.refusals.1.refused_at'],
      [[refusal({ expires_at: '2026-13-40T00:00:00Z' })], 'body.refusals.0.expires_at'],
      [[refusal({ patch_id: 'not-a-uuid' })], 'body.refusals.0.patch_id'],
      [[refusal({ sdk_language: 'cobol' })], 'body.refusals.0.sdk_language'],
      [[refusal({ report_id: 'a b' })], 'body.refusals.0.report_id'],
      [[refusal({ secret: 'x' })], 'body.refusals.0.secret'],
      // Numbers past a PostgreSQL integer are the client's error, not the database's.
      [[refusal({ patch_version: 2 ** 31 })], 'body.refusals.0.patch_version'],
      [[refusal({ highest_seen_version: 8_212_187_036_176_275 })], 'body.refusals.0.highest_seen_version'],
    ];
    for (const [refusals, field] of cases) {
      const response = await send(refusals as unknown[]);
      expect({ status: response.status, field: response.body.error?.field }).toEqual({ status: 400, field });
    }
    expect((await list('?limit=0')).body.error.field).toBe('query.limit');
    expect((await list('?patch_id=nope')).body.error.field).toBe('query.patch_id');
  });

  it('lets SDKs report and staff read, nobody else', async () => {
    expect((await send([refusal()], 'reviewer')).status).toBe(403);
    expect((await send([refusal()], 'merchant')).status).toBe(403);
    expect((await send([refusal()], 'ops')).status).toBe(403);
    expect((await list('', 'sdk')).status).toBe(403);
    expect((await list('', 'merchant')).status).toBe(403);
    expect((await list('', 'sira')).status).toBe(403);
    expect((await server.request('GET', '/api/dev/patch-refusals', { as: null })).status).toBe(401);
    for (const reader of ['admin', 'ops', 'reviewer', 'dev_admin'] as const) expect((await list('', reader)).status).toBe(200);
  });
});
