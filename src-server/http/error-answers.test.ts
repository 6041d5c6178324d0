import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.js';

// What Fastify and Node refuse before any route runs still answers in the API's error shape.
describe('answers refused before routing', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => server?.close());

  it.each([
    ['a malformed percent-escape in the path', '/api/v1/plugins/%zz', 400],
    ['an escape of a lone surrogate in the path', '/api/v1/plugins/%ED%A0%80', 400],
    ['a path parameter over its length limit', `/api/dev/patches/${'x'.repeat(200)}`, 414],
    ['a request line over 16 KiB', `/api/v1/plugins?merchant_id=${'x'.repeat(20_000)}`, 431],
  ])('answers %s with its status and the error shape', async (_name, path, status) => {
    const answer = await server.request('GET', path, { as: 'ops' });
    expect(answer.status).toBe(status);
    expect(answer.body.error).toEqual(expect.objectContaining({ code: expect.any(String), message: expect.any(String) }));
    // The server still answers the next request.
    expect((await server.request('GET', '/api/v1/whoami', { as: 'ops' })).status).toBe(200);
  });
});
