import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer } from '../../../src-server/server.js';
import { BACKEND_TEMPLATE_ENV } from './console-process.js';

/**
 * A reference backend (demo data, no simulated traffic) behind a TCP proxy the test can cut and
 * restore: the console talks to `proxyUrl` and goes offline when the proxy is down, while the test
 * still reaches the backend itself at `directUrl`.
 */
export interface SwitchableBackend {
  proxyUrl: string;
  directUrl: string;
  goOffline(): Promise<void>;
  goOnline(): Promise<void>;
  stop(): Promise<void>;
}

/** `rolloutSteps`: the backend's rollout steps (default [100]: an approval is served to every developer at once). */
export async function startSwitchableBackend(options: { rolloutSteps?: number[] } = {}): Promise<SwitchableBackend> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-e2e-switchable-'));
  const template = process.env[BACKEND_TEMPLATE_ENV];
  if (template) cpSync(template, dataDir, { recursive: true });
  const backend: RunningServer = await startServer(
    // Unless asked, an approval is served to every developer at once: most tests are about review, not rollouts.
    { host: '127.0.0.1', port: 0, dataDir, demo: true, defaultAutoApplyThreshold: 85, checkResponses: false, logLevel: 'warn', rolloutSteps: options.rolloutSteps ?? [100] },
    { print: () => undefined, simulator: false },
  );
  const target = new URL(backend.url);
  const sockets = new Set<Socket>();
  let proxy: Server | undefined;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const server = createServer((client) => {
        const upstream = connect(Number(target.port), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as { port: number }).port;
        proxy = server;
        resolve();
      });
    });
  const cut = () =>
    new Promise<void>((resolve) => {
      const server = proxy;
      proxy = undefined;
      for (const socket of sockets) socket.destroy();
      if (server) server.close(() => resolve());
      else resolve();
    });

  await listen();
  return {
    proxyUrl: `http://127.0.0.1:${port}`,
    directUrl: backend.url,
    goOffline: cut,
    goOnline: listen,
    async stop() {
      await cut();
      await backend.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
