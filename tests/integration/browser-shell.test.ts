import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startMainServices } from '../../src-main/app/main-services.js';
import { createIpcRouter } from '../../src-main/ipc/router.js';
import { FileSecretStore } from '../../src-main/services/secret-store.js';
import { startBrowserShell, type BrowserShell } from '../../src-main/web/server.js';
import { createSocketBridge, type SocketBridge } from '../../src-renderer/ipc/socket-bridge.js';
import { SOCKET_PROTOCOL } from '../../src-shared/transport/socket-frames.js';

// The browser shell as `npm run web` runs it: real main services (no embedded backend: these tests
// are about the shell), the real router, a real HTTP server and real WebSocket clients.

let dataDir: string;
let services: Awaited<ReturnType<typeof startMainServices>>;
let shell: BrowserShell;
let origin: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'molam-shell-'));
  const rendererDir = join(dataDir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>console</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  writeFileSync(join(dataDir, 'outside.txt'), 'not for the browser');
  services = await startMainServices({ dataDir, secretStore: new FileSecretStore(join(dataDir, 'tokens.json')), embedded: false });
  shell = await startBrowserShell({ router: createIpcRouter(services), rendererDir, port: 0, log: () => undefined });
  origin = `http://127.0.0.1:${shell.port}`;
});

afterAll(async () => {
  await shell?.close();
  await services?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A raw HTTP GET with full control of the path and Host header (fetch normalises both). */
function get(path: string, host = `127.0.0.1:${shell.port}`): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: shell.port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Opens a socket as a browser page would; resolves with the HTTP status of a refusal, or 101. */
function handshake(protocols: string[], headers: { origin?: string; host?: string } = { origin }): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${shell.port}/ipc`, protocols, {
      ...(headers.origin ? { origin: headers.origin } : {}),
      ...(headers.host ? { headers: { host: headers.host } } : {}),
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}

function pageBridge(secret = shell.secret): SocketBridge {
  return createSocketBridge({
    baseUrl: `ws://127.0.0.1:${shell.port}`,
    secret,
    createSocket: (url, protocols) => new WebSocket(url, protocols, { origin }) as unknown as globalThis.WebSocket,
  });
}

describe('the browser shell’s pages', () => {
  it('are served with the content security policy and the other security headers', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>console</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['content-security-policy']).toContain(`ws://127.0.0.1:${shell.port}`);
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/assets/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it('never include a file outside the renderer folder', async () => {
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt']) {
      const answer = await get(path);
      expect(answer.status, path).toBe(404);
      expect(answer.body).not.toContain('not for the browser');
    }
  });

  it('are refused under a foreign host name (DNS rebinding)', async () => {
    expect((await get('/', `attacker.example:${shell.port}`)).status).toBe(403);
  });
});

describe('the browser shell’s socket', () => {
  it('refuses a connection without the secret', async () => {
    expect(await handshake([SOCKET_PROTOCOL])).toBe(401);
    expect(await handshake([])).toBe(400);
  });

  it('refuses a connection with a wrong secret', async () => {
    expect(await handshake([SOCKET_PROTOCOL, 'secret.wrong'])).toBe(401);
    expect(await handshake([SOCKET_PROTOCOL, `secret.${shell.secret}x`])).toBe(401);
  });

  it('refuses a page from another origin, or no origin at all, even with the secret', async () => {
    const protocols = [SOCKET_PROTOCOL, `secret.${shell.secret}`];
    expect(await handshake(protocols, { origin: 'http://attacker.example' })).toBe(403);
    expect(await handshake(protocols, { origin: `http://127.0.0.1:${shell.port + 1}` })).toBe(403);
    expect(await handshake(protocols, {})).toBe(403);
  });

  it('accepts the shell’s own page with the secret', async () => {
    expect(await handshake([SOCKET_PROTOCOL, `secret.${shell.secret}`])).toBe(101);
  });

  it('carries a call to the main process and its answer back', async () => {
    const bridge = pageBridge();
    try {
      const status = await bridge.invoke('ops:sync.status', {});
      expect(status).toMatchObject({ ok: true, data: { profile: null, outboxDepth: 0 } });
    } finally {
      bridge.close();
    }
  });

  it('answers a malformed request or an unknown channel with a typed error and keeps serving', async () => {
    const bridge = pageBridge();
    try {
      expect(await bridge.invoke('ops:triage.page', { filters: {}, limit: 'many' } as never)).toMatchObject({ ok: false, error: { kind: 'invalid_request' } });
      expect(await bridge.invoke('ops:settings.saveProfile', { name: '', url: 'ftp://x' } as never)).toMatchObject({
        ok: false,
        error: { kind: 'invalid_request' },
      });
      expect(await bridge.invoke('ops:sync.status', {})).toMatchObject({ ok: true });
    } finally {
      bridge.close();
    }
  });

  it('closes a connection that sends something other than a call', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${shell.port}/ipc`, [SOCKET_PROTOCOL, `secret.${shell.secret}`], { origin });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('{"not":"a call"}');
    expect(await closed).toBe(1008);
  });

  it('pushes the main process’s events to connected pages', async () => {
    const bridge = pageBridge();
    try {
      const changed = new Promise<{ tables: string[] }>((resolve) => bridge.on('cache.changed', resolve));
      const saved = await bridge.invoke('ops:settings.saveProfile', { name: 'Staging', url: 'http://127.0.0.1:9' });
      expect(saved).toMatchObject({ ok: true, data: { name: 'Staging', hasToken: false } });
      expect((await changed).tables).toContain('profiles');
    } finally {
      bridge.close();
    }
  });

  it('answers offline, and does not hang, once the shell has gone away', async () => {
    const second = await startBrowserShell({ router: createIpcRouter(services), rendererDir: join(dataDir, 'renderer'), port: 0, log: () => undefined });
    const bridge = createSocketBridge({
      baseUrl: `ws://127.0.0.1:${second.port}`,
      secret: second.secret,
      createSocket: (url, protocols) => new WebSocket(url, protocols, { origin: `http://127.0.0.1:${second.port}` }) as unknown as globalThis.WebSocket,
    });
    try {
      expect(await bridge.invoke('ops:sync.status', {})).toMatchObject({ ok: true });
      const states: string[] = [];
      bridge.onStateChange((state) => states.push(state));
      await second.close();
      expect(await bridge.invoke('ops:sync.status', {})).toMatchObject({ ok: false, error: { kind: 'offline' } });
      expect(states).toContain('closed');
    } finally {
      bridge.close();
    }
  });
});
