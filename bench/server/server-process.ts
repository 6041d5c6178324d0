import { spawn } from 'node:child_process';
import { freePort } from '../../src-server/testing/server-process.js';

export interface ChildServer {
  url: string;
  stop(): Promise<void>;
}

/** Runs `script` (TypeScript, through tsx) with `--port <free port>` and waits until /healthz answers. */
async function startChild(script: string, args: string[], env: Record<string, string>): Promise<ChildServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', String(port), ...args], {
    env: { ...process.env, ...env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`${script} exited with code ${child.exitCode} before it was ready`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 300) throw new Error(`${script} did not become ready within 30 s`);
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

/** Starts `src-server/cli.ts` in a child process and waits until /healthz answers. */
export function startServerProcess(options: { databaseUrl: string; dataDir: string }): Promise<ChildServer> {
  return startChild('src-server/cli.ts', ['--data-dir', options.dataDir, '--log-level', 'warn'], { DATABASE_URL: options.databaseUrl });
}

/** Starts the no-op Fastify server of `floor-server.ts` (POST /floor) in a child process. */
export function startFloorProcess(): Promise<ChildServer> {
  return startChild('bench/server/floor-server.ts', ['--log-level', 'warn'], {});
}
