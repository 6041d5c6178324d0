// The browser shell: serves the built renderer on 127.0.0.1 and carries the IPC contract over one
// WebSocket guarded by a per-launch secret. It holds no business logic: every call goes to the router.
import { createServer, STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  InvokeFrameSchema,
  SOCKET_CLOSE_BAD_FRAME,
  SOCKET_MAX_FRAME_BYTES,
  SOCKET_PROTOCOL,
  type ServerFrame,
} from '../../src-shared/transport/socket-frames.js';
import { buildContentSecurityPolicy, securityHeaders } from '../shell-common/security.js';
import type { IpcRouter } from '../ipc/router.js';
import { decideUpgrade, generateLaunchSecret, isShellHost, shellHosts, shellOrigins } from './socket-gate.js';
import { serveRendererFile } from './static-files.js';

/** How to start the browser shell. */
export interface BrowserShellOptions {
  /** The main process's IPC router (the same one the Electron shell uses). */
  router: IpcRouter;
  /** The folder of the built renderer (`out/renderer`). */
  rendererDir: string;
  /** The loopback port; 0 picks a free one. */
  port: number;
  /** The launch secret; a fresh random one by default. */
  secret?: string;
  /** Where problems with clients are reported. */
  log?: (line: string) => void;
}

/** A running browser shell. */
export interface BrowserShell {
  /** The port it listens on (127.0.0.1 only). */
  port: number;
  /** The shell's address, without the secret. */
  url: string;
  /** The address to open: the secret travels in the fragment, which browsers never send to a server. */
  openUrl: string;
  /** The launch secret (for tests that open the socket themselves). */
  secret: string;
  /** Closes every socket and the server; safe to call twice. */
  close(): Promise<void>;
}

/** Starts the shell; rejects with the listen error (say, EADDRINUSE) when the port is taken. */
export async function startBrowserShell(options: BrowserShellOptions): Promise<BrowserShell> {
  const secret = options.secret ?? generateLaunchSecret();
  const log = options.log ?? ((line: string) => console.error(line));
  const clients = new Set<WebSocket>();
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: SOCKET_MAX_FRAME_BYTES,
    handleProtocols: (offered) => (offered.has(SOCKET_PROTOCOL) ? SOCKET_PROTOCOL : false),
  });
  const server = createServer();
  let port = 0;

  server.on('request', (request, response) => {
    if (!isShellHost(request.headers.host, shellHosts(port))) {
      response.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Forbidden host\n');
      return;
    }
    const csp = buildContentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
    serveRendererFile(options.rendererDir, request, response, securityHeaders(csp)).catch((error: unknown) => {
      log(`browser shell: could not serve ${request.url}: ${String(error)}`);
      if (!response.headersSent) response.writeHead(500).end();
      else response.destroy();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const decision = decideUpgrade(
      {
        path: request.url,
        host: request.headers.host,
        origin: request.headers.origin,
        protocols: request.headers['sec-websocket-protocol'],
      },
      { origins: shellOrigins(port), hosts: shellHosts(port), secret },
    );
    if (!decision.ok) {
      socket.end(`HTTP/1.1 ${decision.status} ${STATUS_CODES[decision.status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    sockets.handleUpgrade(request, socket, head, (client) => {
      clients.add(client);
      client.on('close', () => clients.delete(client));
      client.on('error', () => clients.delete(client));
      client.on('message', (data, isBinary) => handleFrame(client, data, isBinary));
    });
  });

  function send(client: WebSocket, frame: ServerFrame): void {
    if (client.readyState === client.OPEN) client.send(JSON.stringify(frame));
  }

  function handleFrame(client: WebSocket, data: RawData, isBinary: boolean): void {
    let parsed: unknown;
    try {
      parsed = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      parsed = undefined;
    }
    const frame = InvokeFrameSchema.safeParse(parsed);
    if (!frame.success) {
      // The console never sends such a frame; whoever did is not the console.
      client.close(SOCKET_CLOSE_BAD_FRAME, 'unreadable frame');
      return;
    }
    const { id, channel, request } = frame.data;
    options.router
      .invoke(channel, request)
      .then((result) => send(client, { type: 'result', id, result }))
      .catch((error: unknown) => {
        log(`browser shell: ${channel} failed: ${String(error)}`);
        send(client, { type: 'result', id, result: { ok: false, error: { kind: 'internal', message: 'the call failed' } } });
      });
  }

  const unsubscribe = options.router.subscribe((event, payload) => {
    for (const client of clients) send(client, { type: 'event', event, payload });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: unknown) => {
    unsubscribe();
    throw error;
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;

  let closing: Promise<void> | undefined;
  return {
    port,
    url,
    openUrl: `${url}#secret=${secret}`,
    secret,
    close: () => (closing ??= closeAll(server, sockets, clients, unsubscribe)),
  };
}

async function closeAll(server: Server, sockets: WebSocketServer, clients: Set<WebSocket>, unsubscribe: () => void): Promise<void> {
  unsubscribe();
  for (const client of clients) client.terminate();
  await new Promise<void>((resolve) => sockets.close(() => resolve()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
