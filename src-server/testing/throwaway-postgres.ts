import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server-process.js';

/** A PostgreSQL cluster of a test's own (initdb in a temporary folder, its own port), to stop and restart at will. */
export interface ThrowawayCluster {
  url: string;
  /** `pg_ctl restart -m fast`, as a maintenance restart or a failover does: open connections are terminated. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Where the PostgreSQL server binaries are, or why a throwaway cluster cannot be had here. */
export function findPostgresBinaries(): { bin: string } | { missing: string } {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return { bin };
  }
  return { missing: `no PostgreSQL server binaries (initdb, pg_ctl) under ${root}` };
}

/** initdb refuses to run as root: as root, the cluster belongs to the `postgres` system user. */
function runAs(): { uid: number; gid: number; prefix: string[] } | null {
  if (process.getuid?.() !== 0) return null;
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid, prefix: ['runuser', '-u', 'postgres', '--'] };
}

function run(command: string[], user: ReturnType<typeof runAs>): Promise<void> {
  const argv = [...(user?.prefix ?? []), ...command];
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command.join(' ')} exited with ${code}: ${output.trim()}`))));
  });
}

/** Creates and starts a cluster on a free loopback port, trust auth, user `postgres`. */
export async function startThrowawayCluster(): Promise<ThrowawayCluster> {
  const found = findPostgresBinaries();
  if ('missing' in found) throw new Error(found.missing);
  const user = runAs();
  const dir = mkdtempSync(join(tmpdir(), 'molam-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const pgCtl = join(found.bin, 'pg_ctl');
  // fsync off: the cluster is thrown away, and the test is about connections, not durability of the disk.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  await run([join(found.bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8'], user);
  const start = () => run([pgCtl, '-D', data, '-o', options, '-l', join(dir, 'log'), '-w', 'start'], user);
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    restart: () => run([pgCtl, '-D', data, '-o', options, '-l', join(dir, 'log'), '-m', 'fast', '-w', 'restart'], user),
    stop: () => run([pgCtl, '-D', data, '-m', 'fast', '-w', 'stop'], user),
    start,
    async close() {
      await run([pgCtl, '-D', data, '-m', 'immediate', '-w', 'stop'], user).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
