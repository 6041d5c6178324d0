import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CacheDb, DEFAULT_MIGRATIONS_DIR } from '../cache-db.js';
import { uuidFor } from '../testing/fake-logs.js';
import { createRepositories } from './index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A cache file migrated only up to `lastId` (as an older console left it), in a fresh folder. */
function olderCache(lastId: number): { file: string; sql: CacheDb['sql']; close(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'molam-outbox-repo-test-'));
  dirs.push(dir);
  const migrations = join(dir, 'migrations');
  mkdirSync(migrations);
  for (const name of readdirSync(DEFAULT_MIGRATIONS_DIR).filter((n) => Number(n.slice(0, 4)) <= lastId)) {
    copyFileSync(join(DEFAULT_MIGRATIONS_DIR, name), join(migrations, name));
  }
  const file = join(dir, 'cache.sqlite');
  const cache = CacheDb.open({ file, migrationsDir: migrations });
  return { file, sql: cache.sql, close: () => cache.close() };
}

function freshFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'molam-outbox-repo-test-'));
  dirs.push(dir);
  return join(dir, 'cache.sqlite');
}

const PAUSE = uuidFor(7, '22222222');

describe('the outbox across migration 0003 (resumes of pauses)', () => {
  it('keeps the queued decisions, conflicts, their ids and the id counters of a cache made before it', () => {
    const old = olderCache(2);
    old.sql.prepare("INSERT INTO profiles (id, name, url, embedded, created_at) VALUES ('p1', 'Prod', 'https://molam.example', 0, 't')").run();
    const insert = old.sql.prepare(
      `INSERT INTO outbox (profile_id, log_id, action, decision, base_version, idempotency_key, decided_at)
       VALUES ('p1', ?, 'approve', '{"action":"approve"}', 3, ?, '2026-01-01T00:00:00.000Z')`,
    );
    for (let n = 1; n <= 4; n++) insert.run(uuidFor(n), `key-${n}`);
    old.sql.prepare('DELETE FROM outbox WHERE id IN (1, 4)').run(); // sent meanwhile
    old.sql
      .prepare(
        `INSERT INTO conflicts (profile_id, log_id, decision, base_version, decided_at, theirs, error_code, error_message, created_at)
         VALUES ('p1', ?, '{"action":"apply"}', 2, 't', NULL, 'stale_version', 'moved on', 't')`,
      )
      .run(uuidFor(9));
    old.close();

    const cache = CacheDb.open({ file: old.file });
    expect(cache.rebuiltBecause).toBeNull();
    const repos = createRepositories(cache);
    expect(repos.outbox.list('p1')).toEqual([
      expect.objectContaining({ id: 2, logId: uuidFor(2), pauseId: null, idempotencyKey: 'key-2', baseVersion: 3, state: 'queued' }),
      expect.objectContaining({ id: 3, logId: uuidFor(3), pauseId: null, idempotencyKey: 'key-3' }),
    ]);
    expect(repos.conflicts.list('p1')).toEqual([
      expect.objectContaining({ logId: uuidFor(9), pauseId: null, mine: expect.objectContaining({ decision: { action: 'apply' } }) }),
    ]);
    // Ids keep counting from the old table's high-water mark, not from the rows left.
    const next = repos.outbox.add({ profileId: 'p1', kind: 'pause', targetId: PAUSE, decision: { action: 'resume' }, baseVersion: 1, idempotencyKey: 'key-5', decidedAt: 't' });
    expect(next).toMatchObject({ id: 5, pauseId: PAUSE, logId: null, decision: { action: 'resume' } });
    const indexes = (cache.sql.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('outbox', 'conflicts', 'pauses')").all() as Array<{ name: string }>).map((i) => i.name);
    expect(indexes).toEqual(
      expect.arrayContaining(['outbox_queue_idx', 'outbox_log_idx', 'outbox_pause_idx', 'conflicts_log_idx', 'conflicts_pause_idx', 'pauses_local_state_idx']),
    );
    expect(cache.sql.pragma('foreign_key_check')).toEqual([]);
    cache.close();
  });

  it('refuses a row that names no target, both targets, or a resume on a log', () => {
    const cache = olderCache(6);
    cache.sql.prepare("INSERT INTO profiles (id, name, url, embedded, created_at) VALUES ('p1', 'Prod', 'u', 0, 't')").run();
    const insert = cache.sql.prepare(
      `INSERT INTO outbox (profile_id, log_id, pause_id, action, decision, base_version, idempotency_key, decided_at)
       VALUES ('p1', ?, ?, ?, '{}', 1, ?, 't')`,
    );
    const bad: Array<[string | null, string | null, string]> = [
      [null, null, 'approve'],
      [uuidFor(1), PAUSE, 'approve'],
      [uuidFor(1), null, 'resume'],
      [null, PAUSE, 'approve'],
      [uuidFor(1), null, 'unpause'],
    ];
    bad.forEach(([logId, pauseId, action], n) => {
      expect(() => insert.run(logId, pauseId, action, `bad-${n}`), `${logId} ${pauseId} ${action}`).toThrow(/CHECK constraint failed/);
    });
    expect(() => insert.run(null, PAUSE, 'resume', 'good')).not.toThrow();
    cache.close();
  });

  it('names each target by its kind and id from migration 0007, and keeps log_id and pause_id computed from them', () => {
    const cache = CacheDb.open({ file: freshFile() });
    cache.sql.prepare("INSERT INTO profiles (id, name, url, embedded, created_at) VALUES ('p1', 'Prod', 'u', 0, 't')").run();
    const insert = cache.sql.prepare(
      `INSERT INTO outbox (profile_id, kind, target_id, action, decision, base_version, idempotency_key, decided_at)
       VALUES ('p1', ?, ?, 'edit', '{}', 1, ?, 't')`,
    );
    expect(() => insert.run('', 'm1', 'bad-1')).toThrow(/CHECK constraint failed/);
    expect(() => insert.run(null, 'm1', 'bad-2')).toThrow(/NOT NULL/);
    expect(() => insert.run('mapping', null, 'bad-3')).toThrow(/NOT NULL/);
    insert.run('mapping', 'm1', 'good-1');
    insert.run('pause', PAUSE, 'good-2');
    const rows = cache.sql.prepare('SELECT kind, target_id, log_id, pause_id FROM outbox ORDER BY id').all();
    expect(rows).toEqual([
      { kind: 'mapping', target_id: 'm1', log_id: null, pause_id: null },
      { kind: 'pause', target_id: PAUSE, log_id: null, pause_id: PAUSE },
    ]);
    cache.close();
  });

  it('keeps a queued resume when a broken cache file is rebuilt', () => {
    const file = freshFile();
    const repos = createRepositories(CacheDb.open({ file }));
    repos.profiles.insert({ id: 'p1', name: 'Prod', url: 'u', embedded: false, createdAt: 't' });
    repos.syncState.resetSyncedData('p1');
    repos.outbox.add({ profileId: 'p1', kind: 'pause', targetId: PAUSE, decision: { action: 'resume', comment: 'fixed' }, baseVersion: 4, idempotencyKey: 'k', decidedAt: 't' });
    repos.cache.sql.prepare("UPDATE cache_migrations SET hash = 'edited' WHERE id = 3").run();
    repos.cache.close();

    const rebuilt = createRepositories(CacheDb.open({ file }));
    expect(rebuilt.cache.rebuiltBecause).toMatch(/edited/);
    expect(rebuilt.outbox.list('p1')).toEqual([expect.objectContaining({ pauseId: PAUSE, decision: { action: 'resume', comment: 'fixed' }, baseVersion: 4 })]);
    rebuilt.cache.close();
  });
});
