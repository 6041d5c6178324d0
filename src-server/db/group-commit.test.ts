import { describe, expect, it } from 'vitest';
import { GroupCommit, GroupCommitFullError } from './group-commit.js';

/** A writer that records each batch and finishes only when the test releases it. */
function controlledWriter() {
  const batches: number[][] = [];
  const releases: Array<() => void> = [];
  const write = (items: number[]) =>
    new Promise<Array<string | Error>>((resolve) => {
      batches.push(items);
      releases.push(() => resolve(items.map((n) => (n < 0 ? new Error(`bad ${n}`) : `stored ${n}`))));
    });
  const waitForBatches = async (count: number) => {
    while (batches.length < count) await new Promise((resolve) => setImmediate(resolve));
  };
  return { batches, releases, write, waitForBatches };
}

describe('group commit', () => {
  it('writes items submitted in the same turn together, and answers each with its own result', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, { maxBatch: 100, maxBatchBytes: 1_000, maxInFlight: 1, maxQueuedBytes: 1_000 });
    const answers = [1, 2, 3].map((n) => group.submit(n, 1));
    await writer.waitForBatches(1);
    writer.releases[0]!();
    expect(await Promise.all(answers)).toEqual(['stored 1', 'stored 2', 'stored 3']);
    expect(writer.batches).toEqual([[1, 2, 3]]);
  });

  it('queues items while the writes in flight are busy and sends them as the next group', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, { maxBatch: 100, maxBatchBytes: 1_000, maxInFlight: 1, maxQueuedBytes: 1_000 });
    const first = group.submit(1, 1);
    await writer.waitForBatches(1);
    const later = [2, 3, 4].map((n) => group.submit(n, 1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writer.batches).toHaveLength(1);
    writer.releases[0]!();
    await first;
    await writer.waitForBatches(2);
    expect(writer.batches[1]).toEqual([2, 3, 4]);
    writer.releases[1]!();
    expect(await Promise.all(later)).toEqual(['stored 2', 'stored 3', 'stored 4']);
  });

  it('splits groups by item count and by bytes, always taking at least one item', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, { maxBatch: 2, maxBatchBytes: 10, maxInFlight: 10, maxQueuedBytes: 1_000 });
    const answers = [group.submit(1, 1), group.submit(2, 1), group.submit(3, 6), group.submit(4, 6), group.submit(5, 50)];
    await writer.waitForBatches(4);
    writer.releases.forEach((release) => release());
    await Promise.all(answers);
    expect(writer.batches).toEqual([[1, 2], [3], [4], [5]]);
  });

  it('rejects only the item whose result is an error, and every item when the write throws', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, { maxBatch: 100, maxBatchBytes: 1_000, maxInFlight: 1, maxQueuedBytes: 1_000 });
    const good = group.submit(1, 1);
    const bad = group.submit(-1, 1);
    await writer.waitForBatches(1);
    writer.releases[0]!();
    await expect(good).resolves.toBe('stored 1');
    await expect(bad).rejects.toThrow('bad -1');

    const failing = new GroupCommit<number, string>(async () => {
      throw new Error('database unreachable');
    }, { maxBatch: 100, maxBatchBytes: 1_000, maxInFlight: 1, maxQueuedBytes: 1_000 });
    const results = await Promise.allSettled([failing.submit(1, 1), failing.submit(2, 1)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });

  it('refuses new items once the bytes waiting exceed the limit, and accepts them again once written', async () => {
    const writer = controlledWriter();
    const group = new GroupCommit(writer.write, { maxBatch: 100, maxBatchBytes: 1_000, maxInFlight: 1, maxQueuedBytes: 10 });
    const first = group.submit(1, 4);
    await writer.waitForBatches(1);
    const waiting = [group.submit(2, 4), group.submit(3, 4)];
    await expect(group.submit(4, 4)).rejects.toBeInstanceOf(GroupCommitFullError);
    writer.releases[0]!();
    await first;
    await writer.waitForBatches(2);
    const accepted = group.submit(5, 4);
    writer.releases[1]!();
    await Promise.all(waiting);
    await writer.waitForBatches(3);
    writer.releases[2]!();
    await expect(accepted).resolves.toBe('stored 5');
  });

  it('drains: resolves once every submitted item is written', async () => {
    let written = 0;
    const group = new GroupCommit(async (items: number[]) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      written += items.length;
      return items.map(String);
    }, { maxBatch: 3, maxBatchBytes: 1_000, maxInFlight: 1, maxQueuedBytes: 1_000 });
    const answers = Array.from({ length: 10 }, (_, n) => group.submit(n, 1));
    await group.drain();
    expect(written).toBe(10);
    await Promise.all(answers);
  });
});
