import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';

describe.each(testBackends())('plugin registration on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const plugin = { id: 'woo-reg-1', cms: 'woocommerce', cms_version: '8.2.1', plugin_version: '1.4.0', php_version: '8.1' };

  it('lets a merchant register its plugin and read it back', async () => {
    const created = await server.request('POST', '/api/v1/plugins/register', { as: 'merchant', body: plugin });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ id: 'woo-reg-1', merchant_id: 'merchant-a', cms: 'woocommerce', version: 1 });
    const read = await server.request('GET', '/api/v1/plugins/woo-reg-1', { as: 'merchant' });
    expect(read.body.plugin_version).toBe('1.4.0');
  });

  it('refuses another merchant the same plugin id', async () => {
    const taken = await server.request('POST', '/api/v1/plugins/register', { as: 'merchant2', body: plugin });
    expect(taken.status).toBe(403);
    const read = await server.request('GET', '/api/v1/plugins/woo-reg-1', { as: 'merchant2' });
    expect(read.status).toBe(403);
  });

  it('names the bad field of a malformed body', async () => {
    const bad = await server.request('POST', '/api/v1/plugins/register', { as: 'merchant', body: { ...plugin, cms: 'joomla' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('body.cms');
  });

  it('answers 401 without a token, 403 for the sdk role, 404 JSON for unknown routes, 413 over 1 MiB', async () => {
    expect((await server.request('GET', '/api/v1/plugins', { as: null })).status).toBe(401);
    expect((await server.request('GET', '/api/v1/plugins', { as: 'sdk' })).status).toBe(403);
    const missing = await server.request('GET', '/api/v1/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('route_not_found');
    const huge = await server.request('POST', '/api/v1/plugins/register', {
      as: 'merchant',
      body: { ...plugin, state: { blob: 'x'.repeat(1024 * 1024) } },
    });
    expect(huge.status).toBe(413);
    const broken = await server.request('POST', '/api/v1/plugins/register', { as: 'merchant', rawBody: '{"id": ' });
    expect(broken.status).toBe(400);
  });

  it('puts the registration on the change feed', async () => {
    const feed = await server.request('GET', '/api/v1/sync/changes?since=0&limit=1000', { as: 'ops' });
    expect(feed.status).toBe(200);
    const ids = feed.body.changes.filter((c: { entity: string }) => c.entity === 'plugin').map((c: { entity_id: string }) => c.entity_id);
    expect(ids).toContain('woo-reg-1');
  });
});
