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
  /** An initial sync's writes: indexes set aside, rows written, the indexes left for `complete`. */
  const load = (bulk: BulkLoad, count: number) => {
    bulk.begin();
    repos.cache.transaction(() => {
      for (let n = 0; n < count; n++) repos.logs.upsert(fakeLog(n));
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

  it('rebuilds the indexes and copies a large WAL on a worker thread, leaving it empty, with every row, one written meanwhile too', async () => {
    const before = logIndexes();
    const logs: string[] = [];
    const bulk = new BulkLoad(repos.cache, { threadCheckpointBytes: 1, log: (line) => logs.push(line) });
    load(bulk, 2000);
    expect(logIndexes()).toEqual(['healing_logs_local_state_idx']);
    expect(walBytes()).toBeGreaterThan(1_000_000);
    const completing = bulk.complete();
    // The console's connection may write while the thread starts and works.
    repos.cache.transaction(() => repos.logs.upsert(fakeLog(5000)));
    await completing;
    await bulk.whenComplete();
    expect(logs).toEqual([]);
    expect(logIndexes()).toEqual(before);
    expect(bulk.active).toBe(false);
    expect(walBytes()).toBe(0);
    expect(repos.logs.counts().total).toBe(2001);
    const [state] = repos.cache.sql.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    expect(state).toMatchObject({ log: 0, checkpointed: 0 });
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('rebuilds the indexes and checkpoints a small WAL in place, without a thread', async () => {
    const before = logIndexes();
    const bulk = new BulkLoad(repos.cache, { threadCheckpointBytes: Number.MAX_SAFE_INTEGER });
    load(bulk, 50);
    await bulk.complete();
    expect(logIndexes()).toEqual(before);
    expect(walBytes()).toBe(0);
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('says so when the thread fails, and rebuilds the indexes in the main process', async () => {
    const before = logIndexes();
    const logs: string[] = [];
    const bulk = new BulkLoad(repos.cache, { threadCheckpointBytes: 1, log: (line) => logs.push(line) });
    load(bulk, 500);
    Object.defineProperty(repos.cache, 'checkpointOnThread', { value: () => Promise.reject(new Error('thread failed to start')) });
    await bulk.complete();
    expect(logs).toEqual([expect.stringContaining('thread failed to start')]);
    expect(logIndexes()).toEqual(before);
    expect(walBytes()).toBe(0);
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('leaves out an index whose record is gone: the console rebuilt it first', async () => {
    load(repos.bulkLoad, 10);
    const stray = { name: 'healing_logs_stray_idx', sql: 'CREATE INDEX IF NOT EXISTS healing_logs_stray_idx ON healing_logs (status)' };
    const result = await repos.cache.checkpointOnThread([stray]);
    expect(result.rebuilt).toBe(0);
    expect(logIndexes()).not.toContain(stray.name);
    expect(repos.bulkLoad.active).toBe(true);
  });
});
