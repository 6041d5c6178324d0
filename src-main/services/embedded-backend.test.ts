import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmbeddedBackend } from './embedded-backend.js';

describe('the embedded backend’s log records', () => {
  const dirs: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('reach the console’s log as readable lines, and nothing is written to stdout as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'molam-embedded-log-'));
    dirs.push(dir);
    const lines: string[] = [];
    const stdout: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
      stdout.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stdout.write);
    const backend = new EmbeddedBackend(dir, (line) => lines.push(line), { simulator: false });
    try {
      const url = await backend.start();
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      // What a failing dispatch logs at warn, through the server's own logger.
      backend.serverLog!.warn({ eventId: 7 }, 'interop event dispatch failed');
    } finally {
      await backend.stop();
    }
    expect(lines).toContain('embedded backend: warn: interop event dispatch failed (eventId=7)');
    expect(stdout.filter((chunk) => chunk.trimStart().startsWith('{'))).toEqual([]);
  }, 60_000);
});
