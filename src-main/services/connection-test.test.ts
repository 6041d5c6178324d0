import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS, startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { closeTestServer } from '../sync/testing/fixtures.js';
import { testConnection } from './connection-test.js';

type Answer = { status: number; body: string; type?: string };

/** A plain HTTP server on loopback answering each path as told (404 elsewhere). */
async function plainServer(answers: Record<string, Answer>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const answer = answers[(request.url ?? '/').split('?')[0]!] ?? { status: 404, body: 'Not Found', type: 'text/plain' };
    response.writeHead(answer.status, { 'content-type': answer.type ?? 'application/json' }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port with nobody listening: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(testBackends())('testing a connection against the reference backend on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await closeTestServer(server);
  });

  it('answers who the token belongs to when the URL and token are right', async () => {
    const answer = await testConnection({ url: `${server.baseUrl}/`, token: TEST_TOKENS.reviewer });
    expect(answer).toEqual({ ok: true, identity: { name: expect.any(String), role: 'reviewer' } });
  });

  it('says the token is refused (401) and never repeats the token', async () => {
    const answer = await testConnection({ url: server.baseUrl, token: 'not-a-real-token' });
    expect(answer).toMatchObject({ ok: false, problem: { failure: 'token-refused', status: 401 } });
    expect(JSON.stringify(answer)).not.toContain('not-a-real-token');
  });

  it('says a token is needed when none is given', async () => {
    expect(await testConnection({ url: server.baseUrl })).toMatchObject({ ok: false, problem: { failure: 'token-refused', status: null } });
  });
});

describe('testing a connection that fails before any backend answers', () => {
  let notMolam: Awaited<ReturnType<typeof plainServer>>;
  let otherVersion: Awaited<ReturnType<typeof plainServer>>;
  let failing: Awaited<ReturnType<typeof plainServer>>;
  let silent: TcpServer;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    notMolam = await plainServer({ '/': { status: 200, body: '<html>It works!</html>', type: 'text/html' } });
    otherVersion = await plainServer({ '/healthz': { status: 200, body: '{"status":"ok"}' } });
    failing = await plainServer({ '/healthz': { status: 503, body: '{"error":{"code":"unavailable","message":"database down"}}' } });
    silent = createTcpServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all([notMolam.close(), otherVersion.close(), failing.close(), new Promise((resolve) => silent.close(resolve))]);
  });

  it.each([
    ['', /is empty/],
    ['heal.example.com', /is not a URL/],
    ['ftp://heal.example.com', /uses ftp/],
    ['https://user:secret@heal.example.com', /user name or password/],
  ])('refuses the address "%s" as a bad URL, naming what is wrong', async (url, why) => {
    const answer = await testConnection({ url, token: 't' });
    expect(answer).toMatchObject({ ok: false, problem: { failure: 'bad-url', status: null, detail: expect.stringMatching(why) } });
  });

  it('says a port that fetch blocks (as browsers do) makes a bad URL', async () => {
    const answer = await testConnection({ url: 'http://127.0.0.1:1', token: 't' });
    expect(answer).toMatchObject({ ok: false, problem: { failure: 'bad-url', detail: expect.stringMatching(/bad port/) } });
  });

  it('says the connection was refused on a closed port', async () => {
    const answer = await testConnection({ url: `http://127.0.0.1:${await closedPort()}`, token: 't' });
    expect(answer).toMatchObject({ ok: false, problem: { failure: 'refused', detail: expect.stringMatching(/ECONNREFUSED/) } });
  });

  it('says it timed out when the server accepts but never answers', async () => {
    const { port } = silent.address() as AddressInfo;
    const answer = await testConnection({ url: `http://127.0.0.1:${port}`, token: 't' }, { timeoutMs: 300 });
    expect(answer).toMatchObject({ ok: false, problem: { failure: 'timeout' } });
  });

  it('says TLS failed when https:// reaches a server that speaks plain HTTP', async () => {
    const answer = await testConnection({ url: notMolam.url.replace('http:', 'https:'), token: 't' });
    expect(answer).toMatchObject({ ok: false, problem: { failure: 'tls' } });
  });

  it('says a plain web server is not a Molam backend', async () => {
    expect(await testConnection({ url: notMolam.url, token: 't' })).toMatchObject({ ok: false, problem: { failure: 'not-molam', status: 404 } });
  });

  it('says the versions do not match when the backend lacks the routes this console needs', async () => {
    expect(await testConnection({ url: otherVersion.url, token: 't' })).toMatchObject({ ok: false, problem: { failure: 'version-mismatch', status: 404 } });
  });

  it('says the backend failed on its side when it answers 5xx', async () => {
    expect(await testConnection({ url: failing.url, token: 't' })).toMatchObject({ ok: false, problem: { failure: 'server-error', status: 503 } });
  });
});
