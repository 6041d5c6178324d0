import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheDb } from '../cache-db.js';
import { fakeLog } from '../testing/fake-logs.js';
import { BulkLoad } from './bulk-load.js';
import { createRepositories, type Repositories } from './index.js';

describe('bulk load of an initial sync', () => {
  let dir: string;
  let repos: Repositories;
  const walBytes = () => statSync(`${repos.cache.file}-wal`).size;
  const logIndexes = () =>
    (repos.cache.sql.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'healing_logs' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
  const load = (bulk: BulkLoad, count: number) => {
    bulk.begin();
    repos.cache.transaction(() => {
      for (let n = 0; n < count; n++) repos.logs.upsert(fakeLog(n));
      bulk.finish();
    });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'molam-bulk-load-test-'));
    repos = createRepositories(CacheDb.open({ file: join(dir, 'cache.sqlite') }));
  });
  afterEach(() => {
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets the secondary indexes aside during the load and rebuilds the same ones at the end', () => {
    const before = logIndexes();
    repos.bulkLoad.begin();
    expect(repos.bulkLoad.active).toBe(true);
    // Only the partial index of rows with local state stays.
    expect(logIndexes()).toEqual(['healing_logs_local_state_idx']);
    repos.cache.transaction(() => repos.bulkLoad.finish());
    expect(repos.bulkLoad.active).toBe(false);
    expect(logIndexes()).toEqual(before);
    expect(before).not.toContain('healing_logs_queue_conf_desc_idx');
  });

  it('copies a large WAL on a worker thread and leaves it empty, with every row, one written after the load too', async () => {
    const logs: string[] = [];
    const bulk = new BulkLoad(repos.cache, { threadCheckpointBytes: 1, log: (line) => logs.push(line) });
    load(bulk, 2000);
    expect(walBytes()).toBeGreaterThan(1_000_000);
    const copying = bulk.checkpoint();
    // The console's connection may write while the thread starts and copies.
    repos.cache.transaction(() => repos.logs.upsert(fakeLog(5000)));
    await copying;
    expect(logs).toEqual([]);
    expect(walBytes()).toBe(0);
    expect(repos.logs.counts().total).toBe(2001);
    const [state] = repos.cache.sql.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    expect(state).toMatchObject({ log: 0, checkpointed: 0 });
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('checkpoints a small WAL in place, without a thread', async () => {
    const bulk = new BulkLoad(repos.cache, { threadCheckpointBytes: Number.MAX_SAFE_INTEGER });
    load(bulk, 50);
    await bulk.checkpoint();
    expect(walBytes()).toBe(0);
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('says so when the thread fails, and leaves the rest to automatic checkpoints', async () => {
    const logs: string[] = [];
    const bulk = new BulkLoad(repos.cache, { threadCheckpointBytes: 1, log: (line) => logs.push(line) });
    load(bulk, 500);
    Object.defineProperty(repos.cache, 'checkpointOnThread', { value: () => Promise.reject(new Error('thread failed to start')) });
    await bulk.checkpoint();
    expect(logs).toEqual([expect.stringContaining('thread failed to start')]);
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });
});
