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

/** Starts `src-server/cli.ts` in a child process and waits until /healthz answers. */
export async function startServerProcess(options: { databaseUrl: string; dataDir: string }) {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src-server/cli.ts', '--port', String(port), '--data-dir', options.dataDir, '--log-level', 'warn'], {
    env: { ...process.env, DATABASE_URL: options.databaseUrl, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was ready`);
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
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
