// The browser shell's command line (`npm run web`): starts the console's main services in this Node
// process, serves the renderer on 127.0.0.1 and prints the address to open, secret included.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startMainServices } from '../app/main-services.js';
import { createIpcRouter } from '../ipc/router.js';
import { FileSecretStore } from '../services/secret-store.js';
import { defaultDataDir, TOKEN_FILE } from '../shell-common/data-dir.js';
import { openInBrowser } from './open-browser.js';
import { startBrowserShell, type BrowserShell } from './server.js';

/** The port the shell prefers, so its address stays the same between launches when it is free. */
export const DEFAULT_PORT = 4380;

const RENDERER_DIR = fileURLToPath(new URL('../../out/renderer/', import.meta.url));

const USAGE = `Usage: npm run web -- [--port <n>] [--no-open] [--data-dir <folder>] [--no-simulator] [--demo]

  --port <n>          port on 127.0.0.1 (default ${DEFAULT_PORT}, or any free one if taken; 0 = any free port)
  --no-open           do not open a browser; just print the address
  --data-dir <folder> where the cache, settings and built-in backend live
                      (default: $MOLAM_DATA_DIR or the per-user folder the desktop console uses)
  --no-simulator      keep the built-in demo backend quiet (no simulated plugin and SDK traffic)
  --demo              with no backend chosen yet, start on the built-in demo (skip the welcome screen)`;

export interface ShellArguments {
  port: number | null;
  open: boolean;
  dataDir: string;
  simulator: boolean;
  demo: boolean;
}

/** Parses the command line; throws a message fit for the user on a bad argument. */
export function parseShellArguments(argv: readonly string[]): ShellArguments | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      port: { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      'data-dir': { type: 'string' },
      'no-simulator': { type: 'boolean', default: false },
      demo: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return 'help';
  let port: number | null = null;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65_535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}"`);
  }
  return { port, open: !values['no-open'], dataDir: values['data-dir'] ?? defaultDataDir(), simulator: !values['no-simulator'], demo: values.demo };
}

async function listen(router: ReturnType<typeof createIpcRouter>, port: number | null): Promise<BrowserShell> {
  try {
    return await startBrowserShell({ router, rendererDir: RENDERER_DIR, port: port ?? DEFAULT_PORT });
  } catch (error) {
    // The preferred port is taken (another console, say): any free one will do. A port the user
    // asked for is not silently replaced.
    if (port === null && (error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      return startBrowserShell({ router, rendererDir: RENDERER_DIR, port: 0 });
    }
    throw error;
  }
}

function describeBackend(profile: { name: string; url: string } | null): string {
  return profile ? `${profile.name} at ${profile.url}` : 'none chosen yet (the console opens on its welcome screen)';
}

/** Runs the browser shell until SIGINT or SIGTERM. */
export async function main(argv: readonly string[]): Promise<void> {
  let args: ShellArguments | 'help';
  try {
    args = parseShellArguments(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (args === 'help') {
    console.log(USAGE);
    return;
  }

  const log = (line: string) => console.error(line);
  const secretStore = new FileSecretStore(join(args.dataDir, TOKEN_FILE));
  const services = await startMainServices({ dataDir: args.dataDir, secretStore, log, simulator: args.simulator, demo: args.demo });
  const router = createIpcRouter(services);
  let shell: BrowserShell;
  try {
    shell = await listen(router, args.port);
  } catch (error) {
    await services.close();
    const reason = (error as NodeJS.ErrnoException).code === 'EADDRINUSE' ? `port ${args.port} is in use` : String(error);
    console.error(`The browser shell could not start: ${reason}.`);
    process.exitCode = 1;
    return;
  }

  console.log(
    [
      'Molam Heal Console (browser shell)',
      `  Data folder: ${args.dataDir}`,
      `  Backend:     ${describeBackend(services.sync.status().profile)}`,
      '',
      '  Open this address in your browser (it carries this launch’s secret):',
      '',
      `    ${shell.openUrl}`,
      '',
      '  Stop with Ctrl+C.',
    ].join('\n'),
  );
  if (args.open) openInBrowser(shell.openUrl);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await shell.close();
    await services.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
