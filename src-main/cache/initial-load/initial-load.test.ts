import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CacheDb } from '../cache-db.js';
import { createRepositories, type Repositories } from '../repositories/index.js';
import { fakeLog } from '../testing/fake-logs.js';
import { checkpointOnThread } from './checkpoint-thread.js';
import type { InitialLoad, InitialLoadOptions } from './initial-load.js';

describe('bulk load of an initial sync', () => {
  let dir: string;
  let repos: Repositories;
  const walBytes = () => statSync(`${repos.cache.file}-wal`).size;
  const logIndexes = () =>
    (repos.cache.sql.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'healing_logs' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map(
      (r) => r.name,
    );
  /** An initial load with other options: the repositories are made again over the same cache, so the logs follow it. */
  const initialLoad = (options: InitialLoadOptions) => (repos = createRepositories(repos.cache, options)).initialLoad;
  /** An initial sync's writes: indexes set aside, rows written, the indexes left for `complete`. */
  const load = (bulk: InitialLoad, count: number) => {
    bulk.begin();
    repos.cache.transaction(() => {
      for (let n = 0; n < count; n++) repos.logs.upsert(fakeLog(n));
    });
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'molam-initial-load-test-'));
    repos = createRepositories(CacheDb.open({ file: join(dir, 'cache.sqlite') }));
  });
  afterEach(() => {
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('sets the secondary indexes aside during the load and rebuilds the same ones at the end', () => {
    const before = logIndexes();
    repos.initialLoad.begin();
    expect(repos.initialLoad.active).toBe(true);
    // Only the partial index of rows with local state stays.
    expect(logIndexes()).toEqual(['healing_logs_local_state_idx']);
    repos.cache.transaction(() => repos.initialLoad.finish());
    expect(repos.initialLoad.active).toBe(false);
    expect(logIndexes()).toEqual(before);
    expect(before).not.toContain('healing_logs_queue_conf_desc_idx');
  });

  it('rebuilds the indexes and copies a large WAL on a worker thread, leaving it empty, with every row, one written meanwhile too', async () => {
    const before = logIndexes();
    const logs: string[] = [];
    const bulk = initialLoad({ threadCheckpointBytes: 1, log: (line) => logs.push(line) });
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
    expect(repos.logQuery.counts().total).toBe(2001);
    const [state] = repos.cache.sql.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    expect(state).toMatchObject({ log: 0, checkpointed: 0 });
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('rebuilds the indexes and checkpoints a small WAL in place, without a thread', async () => {
    const before = logIndexes();
    const bulk = initialLoad({ threadCheckpointBytes: Number.MAX_SAFE_INTEGER });
    load(bulk, 50);
    await bulk.complete();
    expect(logIndexes()).toEqual(before);
    expect(walBytes()).toBe(0);
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('says so when the thread fails, and rebuilds the indexes in the main process', async () => {
    const before = logIndexes();
    const logs: string[] = [];
    const bulk = initialLoad({ threadCheckpointBytes: 1, log: (line) => logs.push(line), runOnThread: () => Promise.reject(new Error('thread failed to start')) });
    load(bulk, 500);
    await bulk.complete();
    expect(logs).toEqual([expect.stringContaining('thread failed to start')]);
    expect(logIndexes()).toEqual(before);
    expect(walBytes()).toBe(0);
    expect(repos.cache.sql.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  });

  it('leaves out an index whose record is gone: the console rebuilt it first', async () => {
    load(repos.initialLoad, 10);
    const stray = { name: 'healing_logs_stray_idx', sql: 'CREATE INDEX IF NOT EXISTS healing_logs_stray_idx ON healing_logs (status)' };
    const result = await checkpointOnThread(repos.cache.file, undefined, [stray]);
    expect(result.rebuilt).toBe(0);
    expect(logIndexes()).not.toContain(stray.name);
    expect(repos.initialLoad.active).toBe(true);
  });
});

describe('logs written while the id index is set aside', () => {
  let dir: string;
  let file: string;
  let repos: Repositories;
  const rows = () => repos.cache.sql.prepare('SELECT id, version, status FROM healing_logs ORDER BY id').all() as Array<{ id: string; version: number; status: string }>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'molam-bulk-ids-test-'));
    file = join(dir, 'cache.sqlite');
    repos = createRepositories(CacheDb.open({ file }));
    repos.initialLoad.begin();
  });
  afterEach(() => {
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('updates a log written earlier in the load, ignores an older version, and deletes', () => {
    repos.cache.transaction(() => {
      for (let n = 0; n < 5; n++) repos.logs.upsert(fakeLog(n, { version: 1 }));
    });
    repos.cache.transaction(() => {
      repos.logs.upsert(fakeLog(1, { version: 3, status: 'rejected', sira_confidence: 12 }));
      repos.logs.upsert(fakeLog(1, { version: 2, status: 'approved' }));
      repos.logs.upsert(fakeLog(2, { version: 2 }));
      repos.logs.delete(fakeLog(3).id);
      repos.logs.delete(fakeLog(99).id);
    });
    expect(rows()).toEqual([
      { id: fakeLog(0).id, version: 1, status: fakeLog(0).status },
      { id: fakeLog(1).id, version: 3, status: 'rejected' },
      { id: fakeLog(2).id, version: 2, status: fakeLog(2).status },
      { id: fakeLog(4).id, version: 1, status: fakeLog(4).status },
    ]);
    repos.cache.transaction(() => repos.initialLoad.finish());
    // The unique index is back and the usual path takes over.
    repos.cache.transaction(() => repos.logs.upsert(fakeLog(1, { version: 4 })));
    expect(rows().find((row) => row.id === fakeLog(1).id)?.version).toBe(4);
    expect(rows()).toHaveLength(4);
  });

  it('forgets the logs of a transaction that rolled back', () => {
    expect(() =>
      repos.cache.transaction(() => {
        repos.logs.upsert(fakeLog(7));
        throw new Error('chunk failed');
      }),
    ).toThrow('chunk failed');
    repos.cache.transaction(() => repos.logs.upsert(fakeLog(7, { version: 2 })));
    expect(rows()).toEqual([{ id: fakeLog(7).id, version: 2, status: fakeLog(7).status }]);
  });

  it('keeps a log whose deletion rolled back, and caches again a log deleted then sent anew', () => {
    repos.cache.transaction(() => {
      repos.logs.upsert(fakeLog(1, { version: 1 }));
      repos.logs.upsert(fakeLog(2, { version: 1 }));
    });
    expect(() =>
      repos.cache.transaction(() => {
        repos.logs.delete(fakeLog(1).id);
        throw new Error('chunk failed');
      }),
    ).toThrow('chunk failed');
    repos.cache.transaction(() => {
      repos.logs.delete(fakeLog(2).id);
      repos.logs.upsert(fakeLog(1, { version: 2 }));
    });
    repos.cache.transaction(() => repos.logs.upsert(fakeLog(2, { version: 3 })));
    expect(rows().map((row) => [row.id, row.version])).toEqual([
      [fakeLog(1).id, 2],
      [fakeLog(2).id, 3],
    ]);
    repos.cache.transaction(() => repos.initialLoad.finish());
  });

  it('finds the logs written before a restart when the load resumes, and builds the unique index at the end', () => {
    repos.cache.transaction(() => {
      for (let n = 0; n < 3; n++) repos.logs.upsert(fakeLog(n, { version: 1 }));
    });
    repos.cache.close();
    repos = createRepositories(CacheDb.open({ file }));
    expect(repos.initialLoad.active).toBe(true);
    repos.cache.transaction(() => {
      repos.logs.upsert(fakeLog(1, { version: 5 }));
      repos.logs.upsert(fakeLog(3, { version: 1 }));
    });
    repos.cache.transaction(() => repos.initialLoad.finish());
    expect(rows().map((row) => row.version)).toEqual([1, 5, 1, 1]);
    expect(repos.cache.sql.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'healing_logs_id_idx'").get()).toEqual({ n: 1 });
  });

  it('goes on when the transaction that rebuilt the indexes rolled back', () => {
    repos.cache.transaction(() => repos.logs.upsert(fakeLog(1, { version: 1 })));
    expect(() =>
      repos.cache.transaction(() => {
        repos.initialLoad.finish();
        throw new Error('commit failed');
      }),
    ).toThrow('commit failed');
    repos.cache.transaction(() => {
      repos.logs.upsert(fakeLog(1, { version: 2 }));
      repos.logs.upsert(fakeLog(2, { version: 1 }));
    });
    expect(rows().map((row) => row.version)).toEqual([2, 1]);
  });
});
