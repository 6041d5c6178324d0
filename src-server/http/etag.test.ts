import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { propose, registerPlugin } from '../autoheal/autoheal-test-kit.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';

/** Whether a response schema holds a row version, at its top or one object down (a detail's main row). */
function holdsVersion(schema: unknown): boolean {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  if (!shape) return false;
  if ('version' in shape) return true;
  // Lists (arrays of rows) are not one versioned row; only a field that is itself a row counts.
  return Object.values(shape).some((field) => {
    const inner = (field as { shape?: Record<string, unknown> }).shape;
    return inner !== undefined && 'version' in inner;
  });
}

describe.each(testBackends())('ETag on versioned rows on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  it('declares an ETag on every GET whose answer is a versioned row', () => {
    const missing = server.built.context.router.registry
      .filter((route) => route.method === 'GET' && holdsVersion(route.response) && route.etag === undefined)
      .map((route) => `${route.method} ${route.url}`);
    expect(missing).toEqual([]);
  });

  it('sends the row version as a strong ETag that If-Match takes back', async () => {
    const plugin = await registerPlugin(server, 'etag-1');
    const got = await server.request('GET', '/api/v1/plugins/etag-1', { as: 'ops' });
    expect(got.headers.get('etag')).toBe(`"${plugin.version}"`);

    const proposed = await propose(server, 'etag-1', { sira_confidence: 60 });
    const detail = await server.request('GET', `/api/v1/plugins/autoheal/logs/${proposed.log.id}`, { as: 'reviewer' });
    const etag = detail.headers.get('etag');
    expect(etag).toBe(`"${detail.body.log.version}"`);

    const approved = await server.request('POST', `/api/v1/plugins/autoheal/${proposed.log.id}/approve`, {
      as: 'reviewer',
      body: {},
      headers: { 'if-match': etag! },
    });
    expect(approved.status).toBe(200);
    const stale = await server.request('POST', `/api/v1/plugins/autoheal/${proposed.log.id}/reject`, {
      as: 'reviewer',
      body: { reason: 'too late' },
      headers: { 'if-match': etag! },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.version).toBe(approved.body.log.version);
  });
});
