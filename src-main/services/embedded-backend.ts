import { join } from 'node:path';
import type { RunningServer } from '../../src-server/server.js';
import type { LogFn } from '../util/log.js';

/** The public demo token with every staff power (admin passes every review and ops check). */
export const EMBEDDED_TOKEN = 'demo-admin-token';
export const EMBEDDED_PROFILE_NAME = 'Embedded demo';

/**
 * The reference backend run inside the console's process: PGlite under `<dataDir>/embedded-backend`,
 * demo data, the public demo tokens and the traffic simulator, on a free loopback port.
 */
export class EmbeddedBackend {
  private server: RunningServer | undefined;
  private starting: Promise<string> | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly log: LogFn,
    private readonly options: { simulator?: boolean } = {},
  ) {}

  /** Starts it (once) and resolves with its URL. */
  start(): Promise<string> {
    this.starting ??= (async () => {
      // Loaded on demand: a console talking to a remote backend never loads the server code.
      const { startServer } = await import('../../src-server/server.js');
      const { rolloutOptionsFromEnv } = await import('../../src-server/config.js');
      const print = (line: string) => this.log(`embedded backend: ${line}`);
      this.server = await startServer(
        {
          host: '127.0.0.1',
          port: 0,
          dataDir: join(this.dataDir, 'embedded-backend'),
          demo: true,
          defaultAutoApplyThreshold: 85,
          checkResponses: false,
          logLevel: 'warn',
          // The server's own variables set how rollouts proceed (the end-to-end tests serve approvals at once).
          ...rolloutOptionsFromEnv(process.env),
        },
        {
          print,
          simulator: this.options.simulator ?? true,
          // Its log records join the console's own lines, readable, never as raw JSON.
          logOutput: { kind: 'readable', print },
        },
      );
      return this.server.url;
    })();
    this.starting.catch(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  get url(): string | undefined {
    return this.server?.url;
  }

  /** The running server's logger (its records reach the console's log as readable lines). */
  get serverLog(): RunningServer['built']['context']['log'] | undefined {
    return this.server?.built.context.log;
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    this.starting = undefined;
    await starting?.catch(() => undefined);
    const server = this.server;
    this.server = undefined;
    // At quit the console's own connections are already closed; cutting any straggler keeps the
    // server from waiting out its keep-alive timeout before it stops.
    server?.built.app.server.closeAllConnections();
    await server?.close();
  }
}
