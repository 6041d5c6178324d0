import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OPEN_URL = /^\s*(http:\/\/127\.0\.0\.1:\d+\/)#secret=([A-Za-z0-9_-]+)\s*$/m;

export interface ShellProcess {
  openUrl: string;
  /** The shell's Node process (it runs the console's services and the embedded backend). */
  pid: number;
  /** Milliseconds from spawning the process to its printed address (cache opened, services up). */
  startMs: number;
  stop(): Promise<void>;
}

export interface ShellOptions {
  /** Run the embedded demo's traffic simulator (default false: a quiet backend). */
  simulator?: boolean;
  timeoutMs?: number;
  /** Called with the shell's pid as soon as it is spawned (before it has started anything). */
  onSpawn?: (pid: number) => void;
}

/** Starts the browser shell (`npm run web`'s launcher) on a free port over the given data folder. */
export async function startShell(dataDir: string, options: ShellOptions = {}): Promise<ShellProcess> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = performance.now();
  const args = ['--port', '0', '--no-open', ...(options.simulator ? [] : ['--no-simulator']), '--demo', '--data-dir', dataDir];
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/web.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid !== undefined) options.onSpawn?.(child.pid);
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the browser shell printed no address within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = OPEN_URL.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(`${match[1]}#secret=${match[2]}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the browser shell exited with ${code}:\n${output}`));
    });
  });
  return { openUrl, pid: child.pid!, startMs: performance.now() - started, stop: () => stopProcess(child) };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
