import { ConfigError, parseCommandLine } from './config.js';
import type { ServerConfig } from './context.js';
import { MigrationError } from './db/migrate.js';
import { startServer, type RunningServer } from './server.js';

/** Exit codes: 0 after a clean shutdown, 1 when the server could not start or stop, 2 for bad flags. */
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

/** One line a user can act on, without the stack trace (the log level `debug` shows that). */
function explainStartFailure(error: unknown, config: ServerConfig): string {
  const { code, syscall, path } = error as { code?: string; syscall?: string; path?: string };
  if (syscall === 'listen' || code === 'EADDRINUSE') {
    if (code === 'EADDRINUSE') return `port ${config.port} on ${config.host} is already in use; choose another with --port or MOLAM_PORT`;
    if (code === 'EADDRNOTAVAIL') return `cannot listen on ${config.host}: no such address on this machine (--host / MOLAM_HOST)`;
    if (code === 'EACCES') return `not allowed to listen on ${config.host}:${config.port} (ports below 1024 need privileges)`;
  }
  if (path && (code === 'EACCES' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST')) {
    return `cannot use ${path} (${code}); choose another --data-dir or MOLAM_DATA_DIR`;
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND') return `cannot reach the PostgreSQL server of DATABASE_URL (${code})`;
  if (code === '28P01' || code === '3D000') return `PostgreSQL refused DATABASE_URL: ${(error as Error).message}`;
  if (error instanceof MigrationError) return error.message;
  return `could not start: ${(error as Error).message ?? String(error)}`;
}

async function main(): Promise<number> {
  let config: ServerConfig;
  try {
    const parsed = parseCommandLine(process.argv.slice(2), process.env, process.cwd());
    if (parsed.kind === 'help') {
      process.stdout.write(parsed.text);
      return 0;
    }
    config = parsed.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`molam-server: ${error.message}\n`);
    return EXIT_USAGE;
  }

  let server: RunningServer;
  try {
    // Readable lines in a terminal; JSON lines for a file, a pipe or a log collector.
    const logOutput = process.stdout.isTTY ? { kind: 'readable' as const, print: (line: string) => process.stdout.write(`${line}\n`) } : { kind: 'json' as const };
    server = await startServer(config, { logOutput });
  } catch (error) {
    process.stderr.write(`molam-server: ${explainStartFailure(error, config)}\n`);
    if (config.logLevel === 'debug' || config.logLevel === 'trace') console.error(error);
    return EXIT_FAILURE;
  }

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        process.stderr.write(`molam-server: ${signal} again; exiting without waiting\n`);
        resolve(EXIT_FAILURE);
        return;
      }
      stopping = true;
      process.stdout.write(`Received ${signal}; shutting down.\n`);
      server.close().then(
        () => resolve(0),
        (error: unknown) => {
          process.stderr.write(`molam-server: shutdown failed: ${(error as Error).message}\n`);
          resolve(EXIT_FAILURE);
        },
      );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`molam-server: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(EXIT_FAILURE);
  },
);
