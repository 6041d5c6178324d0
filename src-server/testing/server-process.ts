import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** A free loopback port (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The reference backend running as its own process, as `npm run server` runs it. */
export interface ServerProcess {
  url: string;
  /** Set once the process has exited, with its code (or signal). */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** What the process printed on stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

/** Starts `src-server/cli.ts` in a child process on a free port and waits until /healthz answers. */
export async function startServerProcess(options: { databaseUrl: string; dataDir: string; logLevel?: string }): Promise<ServerProcess> {
  const port = await freePort();
  const args = ['--import', 'tsx', 'src-server/cli.ts', '--port', String(port), '--data-dir', options.dataDir, '--log-level', options.logLevel ?? 'warn'];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, DATABASE_URL: options.databaseUrl, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-64 * 1024);
  });
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (exited) throw new Error(`server exited with code ${exited.code} before it was ready: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) throw new Error('server did not become ready within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    exit: () => exited,
    stderr: () => stderr,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      await exitedPromise;
    },
  };
}
