import { describe, expect, it, vi } from 'vitest';
import { GroupCommitBatcher } from './group-commit.js';

/** A write function whose calls stay pending until the test settles them. */
function controlledWrites<T>() {
  const calls: Array<{ items: T[]; resolve: () => void; reject: (error: Error) => void }> = [];
  let running = 0;
  let maxRunning = 0;
  const write = (items: T[]) =>
    new Promise<void>((resolve, reject) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      const done = (fn: () => void) => () => {
        running -= 1;
        fn();
      };
      calls.push({ items, resolve: done(resolve), reject: (error) => done(() => reject(error))() });
    });
  return { calls, write, maxRunning: () => maxRunning };
}

describe('group-commit batcher', () => {
  it('writes items that arrive together in one batch and releases each caller only after the write', async () => {
    const writes = controlledWrites<number>();
    const batcher = new GroupCommitBatcher(writes.write, { maxBatch: 100, lingerMs: 1, maxConcurrent: 2 });
    let released = 0;
    const adds = [1, 2, 3].map((n) => batcher.add(n).then(() => (released += 1)));
    await vi.waitFor(() => expect(writes.calls).toHaveLength(1));
    expect(writes.calls[0]!.items).toEqual([1, 2, 3]);
    expect(released).toBe(0);
    writes.calls[0]!.resolve();
    await Promise.all(adds);
    expect(released).toBe(3);
  });

  it('caps a batch at maxBatch and never runs more than maxConcurrent writes', async () => {
    const writes = controlledWrites<number>();
    const batcher = new GroupCommitBatcher(writes.write, { maxBatch: 3, lingerMs: 1, maxConcurrent: 2 });
    const adds = Array.from({ length: 10 }, (_, n) => batcher.add(n));
    await vi.waitFor(() => expect(writes.calls).toHaveLength(2));
    expect(writes.calls.map((c) => c.items.length)).toEqual([3, 3]);
    writes.calls[0]!.resolve();
    await vi.waitFor(() => expect(writes.calls).toHaveLength(3));
    writes.calls[1]!.resolve();
    writes.calls[2]!.resolve();
    await vi.waitFor(() => expect(writes.calls).toHaveLength(4));
    writes.calls[3]!.resolve();
    await Promise.all(adds);
    expect(writes.calls.flatMap((c) => c.items).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(writes.maxRunning()).toBe(2);
  });

  it('rejects every caller of a failed batch and keeps serving later ones', async () => {
    const writes = controlledWrites<string>();
    const batcher = new GroupCommitBatcher(writes.write, { maxBatch: 10, lingerMs: 1, maxConcurrent: 1 });
    const failed = [batcher.add('a'), batcher.add('b')];
    await vi.waitFor(() => expect(writes.calls).toHaveLength(1));
    writes.calls[0]!.reject(new Error('connection lost'));
    for (const add of failed) await expect(add).rejects.toThrow('connection lost');
    const later = batcher.add('c');
    await vi.waitFor(() => expect(writes.calls).toHaveLength(2));
    writes.calls[1]!.resolve();
    await expect(later).resolves.toBeUndefined();
  });

  it('writes what is queued when closed and refuses new items afterwards', async () => {
    const written: number[] = [];
    const batcher = new GroupCommitBatcher(async (items: number[]) => void written.push(...items), {
      maxBatch: 2,
      lingerMs: 60_000,
      maxConcurrent: 1,
    });
    const adds = [batcher.add(1), batcher.add(2), batcher.add(3)];
    await batcher.close();
    await Promise.all(adds);
    expect(written).toEqual([1, 2, 3]);
    await expect(batcher.add(4)).rejects.toThrow('closed');
  });
});
