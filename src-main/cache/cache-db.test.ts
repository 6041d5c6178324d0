import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb, DEFAULT_MIGRATIONS_DIR } from './cache-db.js';
import { readMigrations } from './migrator.js';
import { createRepositories } from './repositories/index.js';
import { fakeLog } from './testing/fake-logs.js';
import { CACHE_TABLES } from './tables.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'molam-cache-db-test-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of the real migrations folder that a test may edit. */
function copyMigrations(to: string): void {
  mkdirSync(to);
  for (const file of readdirSync(DEFAULT_MIGRATIONS_DIR)) copyFileSync(join(DEFAULT_MIGRATIONS_DIR, file), join(to, file));
}

describe('cache database', () => {
  it('runs an after-commit step once the outermost transaction commits, and never for a rolled-back savepoint or transaction', () => {
    const cache = CacheDb.open({ file: join(tempDir(), 'cache.sqlite') });
    const ran: string[] = [];
    cache.afterCommit(() => ran.push('outside'));
    cache.transaction(() => {
      cache.afterCommit(() => ran.push('outer'));
      expect(() =>
        cache.transaction(() => {
          cache.afterCommit(() => ran.push('rolled back savepoint'));
          throw new Error('savepoint failed');
        }),
      ).toThrow('savepoint failed');
      cache.transaction(() => cache.afterCommit(() => ran.push('inner')));
      expect(ran).toEqual(['outside']);
    });
    expect(() =>
      cache.transaction(() => {
        cache.afterCommit(() => ran.push('rolled back'));
        throw new Error('failed');
      }),
    ).toThrow('failed');
    expect(ran).toEqual(['outside', 'outer', 'inner']);
    cache.close();
  });

  it('replays every migration on an empty file, records each with its hash, and opens in WAL with foreign keys', () => {
    const file = join(tempDir(), 'cache.sqlite');
    const cache = CacheDb.open({ file });
    const tables = (cache.sql.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining([...CACHE_TABLES, 'cache_migrations']));
    const ledger = cache.sql.prepare('SELECT id, name, hash FROM cache_migrations ORDER BY id').all();
    expect(ledger).toEqual(readMigrations(DEFAULT_MIGRATIONS_DIR).map((m) => ({ id: m.id, name: m.name, hash: m.hash })));
    expect(cache.sql.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(cache.sql.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(cache.rebuiltBecause).toBeNull();
    cache.close();
    const again = CacheDb.open({ file });
    expect(again.rebuiltBecause).toBeNull();
    again.close();
  });

  it('rebuilds the file when an applied migration was edited, keeping profiles, queued decisions and conflicts', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    copyMigrations(migrations);
    const file = join(dir, 'cache.sqlite');
    const repos = createRepositories(CacheDb.open({ file, migrationsDir: migrations }));
    repos.profiles.insert({ id: 'p1', name: 'Prod', url: 'https://molam.example', embedded: false, createdAt: '2026-01-01T00:00:00.000Z' });
    repos.syncState.resetSyncedData('p1');
    repos.entities.rule.upsert({ id: 'r1', name: 'some_rule', active: true, version: 1 });
    repos.outbox.add({ profileId: 'p1', kind: 'log', targetId: 'l1', decision: { action: 'reject', reason: 'no' }, baseVersion: 4, idempotencyKey: 'console-key-1', decidedAt: '2026-01-01T00:00:00.000Z' });
    repos.syncState.setCursor(99, true);
    repos.cache.close();

    const first = readdirSync(migrations).sort()[0]!;
    writeFileSync(join(migrations, first), `${readFileSync(join(migrations, first), 'utf8')}\n-- edited\n`);
    const logged: string[] = [];
    const rebuilt = createRepositories(CacheDb.open({ file, migrationsDir: migrations, log: (line) => logged.push(line) }));
    expect(rebuilt.cache.rebuiltBecause).toMatch(/edited after it was applied/);
    expect(logged.join('\n')).toMatch(/rebuilding the local cache .*edited/);
    expect(rebuilt.profiles.list().map((p) => p.name)).toEqual(['Prod']);
    expect(rebuilt.outbox.list('p1')).toEqual([expect.objectContaining({ idempotencyKey: 'console-key-1', baseVersion: 4 })]);
    expect(rebuilt.entities.rule.get('r1')).toBeUndefined();
    expect(rebuilt.syncState.get()).toMatchObject({ profileId: 'p1', cursor: 0, initialSyncDone: false });
    rebuilt.cache.close();
  });

  it('rebuilds a file that is not a database at all', () => {
    const file = join(tempDir(), 'cache.sqlite');
    writeFileSync(file, 'this is not sqlite '.repeat(500));
    const cache = CacheDb.open({ file });
    expect(cache.rebuiltBecause).toMatch(/could not be opened/);
    expect(createRepositories(cache).profiles.list()).toEqual([]);
    cache.close();
  });

  it('refuses migration files that are misnamed or leave a gap', () => {
    const dir = join(tempDir(), 'migrations');
    mkdirSync(dir);
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0003_c.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/without gaps/);
    writeFileSync(join(dir, '2_b.sql'), 'SELECT 1;');
    expect(() => readMigrations(dir)).toThrow(/NNNN_snake_name/);
  });

  it('announces the tables a transaction touched once, after commit, and nothing on rollback', () => {
    const cache = CacheDb.open({ file: join(tempDir(), 'cache.sqlite') });
    const repos = createRepositories(cache);
    const announced: string[][] = [];
    cache.onDidChangeTables((tables) => announced.push([...tables]));
    cache.transaction(() => {
      repos.entities.rule.upsert({ id: 'r1', name: 'a', active: true, version: 1 });
      repos.entities.plugin.upsert({ id: 'p1', merchant_id: 'm', cms: 'shopify', version: 1 });
      expect(announced).toEqual([]);
    });
    expect(announced).toEqual([['plugins', 'rules']]);
    expect(() =>
      cache.transaction(() => {
        repos.entities.rule.upsert({ id: 'r2', name: 'b', active: true, version: 1 });
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(announced).toHaveLength(1);
    expect(repos.entities.rule.get('r2')).toBeUndefined();
    cache.close();
  });

  it('moves cached logs onto the id index of migration 0006 with their rowids and local state', () => {
    const dir = tempDir();
    const file = join(dir, 'cache.sqlite');
    const migrations = join(dir, 'migrations');
    copyMigrations(migrations);
    const later = readdirSync(migrations).filter((name) => name >= '0006');
    for (const name of later) rmSync(join(migrations, name));
    const before = CacheDb.open({ file, migrationsDir: migrations });
    before.sql
      .prepare(
        `INSERT INTO healing_logs (id, plugin_id, status, severity, severity_rank, confidence, detected_issue, created_at, version, data, local_state)
         VALUES (?, 'p', 'pending_review', 'high', 3, 40, 'x', '2026-01-01T00:00:00.000Z', 1, ?, 'queued')`,
      )
      .run(fakeLog(1).id, JSON.stringify(fakeLog(1, { version: 1 })));
    before.close();

    const cache = CacheDb.open({ file });
    const repos = createRepositories(cache);
    expect(cache.sql.prepare('SELECT rowid, local_state FROM healing_logs').all()).toEqual([{ rowid: 1, local_state: 'queued' }]);
    const indexes = cache.sql.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'healing_logs' ORDER BY name").pluck().all();
    expect(indexes).toContain('healing_logs_id_idx');
    expect(indexes).not.toContain('sqlite_autoindex_healing_logs_1');
    repos.logs.upsert(fakeLog(1, { version: 2 }));
    repos.logs.upsert(fakeLog(2, { version: 1 }));
    expect(repos.logs.versionOf(fakeLog(1).id)).toEqual({ version: 2, localState: 'queued' });
    expect(repos.logQuery.counts().total).toBe(2);
    expect(() => cache.sql.prepare("INSERT INTO healing_logs SELECT * FROM healing_logs WHERE rowid = 1").run()).toThrow(/UNIQUE/);
    cache.close();
  });

  it('keeps an older version from overwriting a newer cached row', () => {
    const cache = CacheDb.open({ file: join(tempDir(), 'cache.sqlite') });
    const repos = createRepositories(cache);
    repos.entities.rule.upsert({ id: 'r1', name: 'new', active: true, version: 3 });
    repos.entities.rule.upsert({ id: 'r1', name: 'old', active: true, version: 2 });
    expect(repos.entities.rule.get('r1')).toMatchObject({ name: 'new', version: 3 });
    expect(() => repos.entities.rule.upsert({ id: 'r1', name: 'bad' })).toThrow();
    cache.close();
  });
});
