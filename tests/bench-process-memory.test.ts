import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processTreeMemory, processTreeRssMb } from '../bench/ui/process-memory.js';

describe('processTreeMemory', () => {
  it('counts a process and the child it started, each with its resident memory', async () => {
    // A parent Node process that starts a child holding 64 MiB, then reports the child's pid.
    const parent = spawn(process.execPath, [
      '-e',
      `const c = require('node:child_process').spawn(process.execPath, ['-e', 'globalThis.b = Buffer.alloc(64 * 1048576, 1); setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       process.stdout.write(String(c.pid) + '\\n'); setInterval(() => {}, 1000); process.on('SIGTERM', () => { c.kill(); process.exit(0); });`,
    ]);
    try {
      const childPid = await new Promise<number>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
      await expect.poll(() => processTreeMemory(parent.pid!).find((p) => p.pid === childPid)?.rssMb ?? 0, { timeout: 10_000 }).toBeGreaterThan(64);
      const tree = processTreeMemory(parent.pid!);
      expect(tree.map((p) => p.pid).sort()).toEqual([parent.pid, childPid].sort());
      expect(processTreeRssMb(parent.pid!)).toBeGreaterThan(64 + tree.find((p) => p.pid === parent.pid)!.rssMb - 1);
    } finally {
      parent.kill('SIGTERM');
    }
  });

  it('finds nothing for a process that does not exist', () => {
    expect(processTreeMemory(2 ** 22 + 1)).toEqual([]);
  });
});
