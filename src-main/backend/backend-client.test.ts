import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BackendClient } from './backend-client.js';
import { BackendHttpError, BackendResponseError, BackendUnreachableError, isRetryable } from './backend-errors.js';
import { backoffDelay, parseRetryAfter } from './retry.js';

type Script = (request: IncomingMessage, response: ServerResponse, attempt: number) => void;

describe('backend client', () => {
  let server: Server;
  let baseUrl: string;
  let script: Script;
  let seen: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push({ method: request.method!, url: request.url!, headers: request.headers });
      script(request, response, seen.length);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
  });

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const client = (overrides: Partial<ConstructorParameters<typeof BackendClient>[0]> = {}) =>
    new BackendClient({ baseUrl, token: 'secret-token-value', timeoutMs: 2_000, attempts: 3, backoff: { baseDelayMs: 5, maxDelayMs: 20 }, ...overrides });
  const Ok = z.object({ ok: z.literal(true) });

  it('retries 503 and 429 honouring Retry-After, reusing one Idempotency-Key, and sends the Bearer token', async () => {
    script = (_req, res, attempt) => {
      if (attempt === 1) json(res, 503, { error: { code: 'unavailable', message: 'closing' } }, { 'retry-after': '0' });
      else if (attempt === 2) json(res, 429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'retry-after': '0' });
      else json(res, 200, { ok: true });
    };
    const result = await client().request('POST', '/api/v1/thing', { schema: Ok, body: { a: 1 }, ifMatch: 7 });
    expect(result).toEqual({ ok: true });
    expect(seen).toHaveLength(3);
    const keys = new Set(seen.map((s) => s.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer secret-token-value', 'if-match': '"7"', 'content-type': 'application/json' });
  });

  it('does not retry a 4xx and reports its code, field and details', async () => {
    script = (_req, res) => json(res, 400, { error: { code: 'invalid_request', message: 'body.reason: required', field: 'body.reason', details: [1] } });
    const error = await client().request('POST', '/x', { schema: Ok }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendHttpError);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', field: 'body.reason', details: [1] });
    expect(isRetryable(error)).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('gives up after its attempts on a refused connection, saying the backend is unreachable without the token', async () => {
    const spare = createServer();
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve));
    const port = (spare.address() as AddressInfo).port;
    await new Promise((resolve) => spare.close(resolve));
    const closed = new BackendClient({ baseUrl: `http://127.0.0.1:${port}`, token: 'secret-token-value', attempts: 2, backoff: { baseDelayMs: 1, maxDelayMs: 2 } });
    const states: boolean[] = [];
    closed.onDidChangeConnectivity((online) => states.push(online));
    const error = await closed.changes(0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnreachableError);
    expect((error as Error).message).toBe(`cannot reach the backend at http://127.0.0.1:${port} (ECONNREFUSED)`);
    expect((error as Error).message).not.toContain('secret-token-value');
    expect(isRetryable(error)).toBe(true);
    expect(states).toEqual([false]);
    expect(closed.online).toBe(false);
  });

  it('times out an attempt that never answers', async () => {
    script = () => undefined; // never answers
    const error = await client({ timeoutMs: 100, attempts: 1 }).request('GET', '/slow', { schema: Ok }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendUnreachableError);
    expect((error as Error).message).toMatch(/timed out/);
  });

  it('refuses a 2xx answer that breaks the contract instead of trusting it', async () => {
    script = (_req, res) => json(res, 200, { changes: [{ cursor: 'one' }], next_cursor: 1, has_more: false });
    const error = await client().changes(0, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackendResponseError);
    expect((error as Error).message).toMatch(/changes\.0\.cursor/);
  });

  it('hands back a Retry-After too long to wait inside the request', async () => {
    script = (_req, res) => json(res, 429, { error: { code: 'rate_limited', message: 'later' } }, { 'retry-after': '120' });
    const error = await client().request('GET', '/x', { schema: Ok }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(seen).toHaveLength(1);
  });

  it('backs off exponentially with jitter inside the cap and reads both Retry-After forms', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(policy, 0, () => 0)).toBe(50);
    expect(backoffDelay(policy, 0, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(800);
    expect(backoffDelay(policy, 10, () => 0.5)).toBe(750);
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 10)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
