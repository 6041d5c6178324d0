import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer, type TokenName } from '../testing/harness.js';
import { createIntent, createTestKey, readIntent } from './test-client.js';

describe.each(testBackends())('sandbox fault switch and keys on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());
  // Faults are server-wide: every test leaves them off for the next.
  afterEach(async () => {
    const reset = await server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body: {} });
    expect(reset.status).toBe(200);
  });

  const order = { amount: 2500, currency: 'XOF' };
  const putFaults = (body: unknown, as: TokenName | null = 'dev_admin') => server.request('PUT', '/api/v1/sandbox/faults', { as, body });

  it('starts with no faults and the default limit of 20 requests per second, burst 40', async () => {
    const faults = await server.request('GET', '/api/v1/sandbox/faults', { as: 'dev_admin' });
    expect(faults.status).toBe(200);
    expect(faults.body).toEqual({ latency_ms: 0, latency_rate: 1, error_rate: 0, rate_limit: { per_second: 20, burst: 40 } });
  });

  it('lets only admin and dev_admin read or set the faults', async () => {
    expect((await server.request('GET', '/api/v1/sandbox/faults', { as: 'admin' })).status).toBe(200);
    expect((await putFaults({}, 'admin')).status).toBe(200);
    for (const as of ['ops', 'reviewer', 'sira', 'merchant', 'sdk'] as const) {
      expect((await server.request('GET', '/api/v1/sandbox/faults', { as })).status).toBe(403);
      expect((await putFaults({ error_rate: 1 }, as)).status).toBe(403);
    }
    expect((await putFaults({}, null)).status).toBe(401);
    const after = await server.request('GET', '/api/v1/sandbox/faults', { as: 'dev_admin' });
    expect(after.body.error_rate).toBe(0);
  });

  it('names the bad field of a fault setting', async () => {
    expect((await putFaults({ latency_ms: 30_001 })).body.error.field).toBe('body.latency_ms');
    expect((await putFaults({ latency_rate: 1.5 })).body.error.field).toBe('body.latency_rate');
    expect((await putFaults({ error_rate: -0.1 })).body.error.field).toBe('body.error_rate');
    expect((await putFaults({ rate_limit: { per_second: 5, burst: 0 } })).body.error.field).toBe('body.rate_limit.burst');
    expect((await putFaults({ latency: 5 })).status).toBe(400);
    const unknownKey = await putFaults({ rotate_key: 'mk_test_nobody' });
    expect(unknownKey.status).toBe(404);
    expect(unknownKey.body.error.field).toBe('body.rotate_key');
  });

  it('delays a sandbox call by at least the injected latency', async () => {
    const key = await createTestKey(server, 'dev-latency');
    const set = await putFaults({ latency_ms: 300, latency_rate: 1 });
    expect(set.body.faults).toMatchObject({ latency_ms: 300, latency_rate: 1 });
    const start = performance.now();
    const created = await createIntent(server, key, order);
    const elapsed = performance.now() - start;
    expect(created.status).toBe(201);
    expect(elapsed).toBeGreaterThanOrEqual(300);
  });

  it('answers 503 sandbox_unavailable to every call at error rate 1', async () => {
    const key = await createTestKey(server, 'dev-outage');
    await putFaults({ error_rate: 1 });
    const down = await createIntent(server, key, order);
    expect(down.status).toBe(503);
    expect(down.body.error.code).toBe('sandbox_unavailable');
    expect(down.headers.get('retry-after')).toBe('1');
    await putFaults({});
    expect((await createIntent(server, key, order)).status).toBe(201);
  });

  it('rate-limits each key with a token bucket and says when to retry', async () => {
    await putFaults({ rate_limit: { per_second: 0.1, burst: 3 } });
    const busy = await createTestKey(server, 'dev-busy');
    const calm = await createTestKey(server, 'dev-calm');
    for (let i = 0; i < 3; i++) expect((await readIntent(server, busy, 'pi_doesnotexist01')).status).toBe(404);
    const limited = await createIntent(server, busy, order);
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ code: 'rate_limited', details: { per_second: 0.1, burst: 3 } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await createIntent(server, calm, order)).status).toBe(201);
  });

  it('expires a rotated key at once while the developer\'s other key keeps working, intents included', async () => {
    const primary = await createTestKey(server, 'dev-rotate');
    const secondary = await createTestKey(server, 'dev-rotate');
    const before = await createIntent(server, primary, order);
    expect(before.status).toBe(201);

    const rotated = await putFaults({ rotate_key: primary.api_key });
    expect(rotated.status).toBe(200);
    expect(rotated.body.rotation).toEqual({
      developer_id: 'dev-rotate',
      expired_api_key: primary.api_key,
      active_api_keys: [secondary.api_key],
      fallback_key: null,
    });

    const refused = await createIntent(server, primary, order);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('api_key_expired');
    expect(refused.body.error.message).toContain('401 Unauthorized');
    expect(refused.body.error.message).toContain('API key');
    expect((await readIntent(server, primary, before.body.id)).body.error.code).toBe('api_key_expired');

    expect((await createIntent(server, secondary, order)).status).toBe(201);
    expect((await readIntent(server, secondary, before.body.id)).status).toBe(200);
  });

  it('creates and returns a working fallback key when the rotated key was the developer\'s last', async () => {
    const only = await createTestKey(server, 'dev-single');
    const rotated = await putFaults({ rotate_key: only.api_key });
    const fallback = rotated.body.rotation.fallback_key;
    expect(fallback).toMatchObject({ developer_id: 'dev-single', status: 'active', api_key: expect.stringMatching(/^mk_test_/) });
    expect(rotated.body.rotation.active_api_keys).toEqual([fallback.api_key]);
    expect((await createIntent(server, fallback, order)).status).toBe(201);
    expect((await createIntent(server, only, order)).body.error.code).toBe('api_key_expired');

    const { rows } = await server.db.query<{ action: string; after: string }>(
      `SELECT action, after::text AS after FROM audit_log WHERE entity_type = 'sandbox_api_key' AND entity_id = $1`,
      [fallback.id],
    );
    expect(rows.map((r) => r.action)).toEqual(['sandbox.key.create']);
    expect(rows[0]!.after).not.toContain(fallback.secret_key);
  });

  it('creates key pairs for admin and dev_admin only, and lists them newest first without secrets', async () => {
    const first = await createTestKey(server, 'dev-list');
    const second = await createTestKey(server, 'dev-list');
    expect(first.secret_key).toMatch(/^sk_test_[0-9a-f]{64}$/);
    for (const as of ['ops', 'reviewer', 'sira', 'merchant', 'sdk'] as const) {
      expect((await server.request('POST', '/api/v1/sandbox/keys', { as, body: { developer_id: 'dev-list' } })).status).toBe(403);
      expect((await server.request('GET', '/api/v1/sandbox/keys', { as })).status).toBe(403);
    }
    const bad = await server.request('POST', '/api/v1/sandbox/keys', { as: 'admin', body: { developer_id: 'has space' } });
    expect(bad.body.error.field).toBe('body.developer_id');

    const page1 = await server.request('GET', '/api/v1/sandbox/keys?developer_id=dev-list&limit=1', { as: 'admin' });
    expect(page1.status).toBe(200);
    expect(page1.body.items).toHaveLength(1);
    expect(JSON.stringify(page1.body)).not.toContain('secret');
    const page2 = await server.request('GET', `/api/v1/sandbox/keys?developer_id=dev-list&limit=1&cursor=${page1.body.next_cursor}`, { as: 'dev_admin' });
    expect(page2.body.next_cursor).toBeNull();
    const listed = [...page1.body.items, ...page2.body.items];
    expect(listed.map((k: { api_key: string }) => k.api_key).sort()).toEqual([first.api_key, second.api_key].sort());
    expect(Date.parse(listed[0].created_at)).toBeGreaterThanOrEqual(Date.parse(listed[1].created_at));
    const badCursor = await server.request('GET', '/api/v1/sandbox/keys?cursor=bm9wZQ', { as: 'dev_admin' });
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.field).toBe('query.cursor');
  });

  it('writes every fault change to the audit log', async () => {
    await putFaults({ latency_ms: 10 });
    const { rows } = await server.db.query<{ actor_role: string; after: { latency_ms: number } }>(
      `SELECT actor_role, after FROM audit_log WHERE action = 'sandbox.faults.set' ORDER BY id DESC LIMIT 1`,
    );
    expect(rows[0]).toMatchObject({ actor_role: 'dev_admin', after: { latency_ms: 10 } });
  });
});
