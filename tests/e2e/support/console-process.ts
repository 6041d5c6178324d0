import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** A browser-shell process started for one test, with its own data folder and embedded backend. */
export interface ConsoleProcess {
  /** The address to open, with the launch secret in its fragment. */
  openUrl: string;
  /** The shell's address without the secret. */
  baseUrl: string;
  /** The embedded reference backend the console syncs with ('' when started on the welcome screen). */
  backendUrl: string;
  dataDir: string;
  /** Everything the process printed so far (for failure messages). */
  output(): string;
  /** Stops the process and, unless `keepData`, removes its data folder. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/** The embedded backend's folder inside a console data folder. */
export const EMBEDDED_BACKEND_FOLDER = 'embedded-backend';

/**
 * Where global setup leaves a migrated, seeded embedded backend that each test copies into its own
 * data folder (PostgreSQL's initdb and the migrations take most of a cold start).
 */
export const BACKEND_TEMPLATE_ENV = 'MOLAM_E2E_BACKEND_TEMPLATE';

const OPEN_URL = /^\s*(http:\/\/127\.0\.0\.1:\d+\/)#secret=([A-Za-z0-9_-]+)\s*$/m;
const BACKEND_URL = /^\s*Backend:.*?(http:\/\/127\.0\.0\.1:\d+)/m;

/**
 * Starts `npm run web`'s launcher on a free port without opening a browser and without the demo
 * traffic (which would supersede proposals under the tests' feet), and resolves once it
 * has printed its address (the embedded backend is up and migrated by then). The console's cache
 * starts empty; the embedded backend starts from the template when there is one. It starts on the
 * embedded demo (`--demo`) unless `welcome` asks for a first start that shows the welcome screen.
 */
export async function startConsoleProcess(timeoutMs = 90_000, options: { welcome?: boolean } = {}): Promise<ConsoleProcess> {
  const welcome = options.welcome ?? false;
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-e2e-'));
  const template = process.env[BACKEND_TEMPLATE_ENV];
  if (template && existsSync(template)) cpSync(template, join(dataDir, EMBEDDED_BACKEND_FOLDER), { recursive: true });
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/web.ts', '--port', '0', '--no-open', '--no-simulator', ...(welcome ? [] : ['--demo']), '--data-dir', dataDir], {
    cwd: root,
    // Approvals are served to every developer at once unless a test asks for staged rollouts.
    env: { ...process.env, CI: process.env.CI ?? '', MOLAM_ROLLOUT_STEPS: process.env.MOLAM_ROLLOUT_STEPS ?? '100' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const stop = (options: { keepData?: boolean } = {}) =>
    stopProcess(child).finally(() => {
      if (!options.keepData) rmSync(dataDir, { recursive: true, force: true });
    });
  try {
    const { baseUrl, secret, backendUrl } = await new Promise<{ baseUrl: string; secret: string; backendUrl: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the console did not print its address within ${timeoutMs} ms:\n${output}`)), timeoutMs);
      const check = () => {
        const open = OPEN_URL.exec(output);
        const backend = BACKEND_URL.exec(output);
        if (open && (backend || welcome)) {
          clearTimeout(timer);
          resolve({ baseUrl: open[1]!, secret: open[2]!, backendUrl: backend?.[1] ?? '' });
        }
      };
      child.stdout.on('data', check);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the console exited with ${code} before printing its address:\n${output}`));
      });
    });
    return { openUrl: `${baseUrl}#secret=${secret}`, baseUrl, backendUrl, dataDir, output: () => output, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** SIGTERM, then SIGKILL if the process has not exited after a grace period. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
