import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testBackends } from '../testing/harness.js';
import { FEED_LOCK, MAX_ATTEMPTS, isDatabaseUnavailable, isRetryableConflict, openPglite, retryConflicts, type Database } from './database.js';
import { createPgliteDataDir, hasPgliteDataDir } from './pglite-init.js';

const pgError = (code: string) => Object.assign(new Error(`error ${code}`), { code });

describe('the database error classes', () => {
  it('retries deadlocks and serialization failures only', () => {
    expect(isRetryableConflict(pgError('40P01'))).toBe(true);
    expect(isRetryableConflict(pgError('40001'))).toBe(true);
    for (const code of ['23505', '22P02', '57P01', '42P01']) expect(isRetryableConflict(pgError(code))).toBe(false);
  });

  it('tells a lost or unreachable database from a bad statement', () => {
    for (const code of ['57P01', '57P03', '08006', '08001', 'ECONNREFUSED', 'ECONNRESET', '53300']) {
      expect(isDatabaseUnavailable(pgError(code)), code).toBe(true);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    for (const code of ['23505', '22P02', '40P01', '42703']) expect(isDatabaseUnavailable(pgError(code)), code).toBe(false);
  });

  it(`gives up after ${MAX_ATTEMPTS} attempts and passes any other error through at once`, async () => {
    let attempts = 0;
    await expect(retryConflicts(async () => {
      attempts += 1;
      throw pgError('40P01');
    })).rejects.toMatchObject({ code: '40P01' });
    expect(attempts).toBe(MAX_ATTEMPTS);
    attempts = 0;
    await expect(retryConflicts(async () => {
      attempts += 1;
      throw pgError('23505');
    })).rejects.toMatchObject({ code: '23505' });
    expect(attempts).toBe(1);
  });
});

describe.each(testBackends())('the %s database layer', (backend) => {
  let db: Database;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    ({ db, drop } = await openTestDatabase(backend));
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  it('reads jsonb numbers back without rounding them', async () => {
    const { rows } = await db.query<{ v: Record<string, unknown> }>(
      `SELECT '{"id": 820982911946154508, "total": 19.999999999999999999, "n": 42, "d": 1.5}'::jsonb AS v`,
    );
    expect(rows[0]!.v).toEqual({ id: '820982911946154508', total: '19.999999999999999999', n: 42, d: 1.5 });
  });

  it.runIf(backend === 'postgres')('takes the change feed lock before anything else in every transaction (PostgreSQL only: PGlite has one connection and no lock order)', async () => {
    const held = await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND pid = pg_backend_pid() AND granted`,
        [FEED_LOCK],
      );
      return rows[0]!.n;
    });
    expect(held).toBe(1);
  });

  it.runIf(backend === 'postgres')('runs a transaction again when PostgreSQL aborted it as a deadlock, keeping only the last attempt (PostgreSQL only: PGlite cannot deadlock)', async () => {
    await db.exec('CREATE TABLE IF NOT EXISTS retry_probe (attempt int)');
    let attempts = 0;
    await db.transaction(async (tx) => {
      attempts += 1;
      await tx.query('INSERT INTO retry_probe VALUES ($1)', [attempts]);
      if (attempts < 3) throw pgError('40P01');
    });
    const { rows } = await db.query<{ attempt: number }>('SELECT attempt FROM retry_probe');
    expect(rows).toEqual([{ attempt: 3 }]);
  });
});

describe('PGlite’s memory', () => {
  it('opens a data folder with 16 MB of shared buffers, not PostgreSQL’s 128 MB default', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'molam-pglite-memory-'));
    const db = await openPglite({ dataDir: dir });
    try {
      const { rows } = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
      expect(rows[0]!.shared_buffers).toBe('16MB');
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a new PGlite data folder', () => {
  it('is created on a worker thread (initdb’s memory goes with it), then opened and used', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'molam-pglite-new-')), 'pglite');
    try {
      expect(hasPgliteDataDir(dir)).toBe(false);
      const db = await openPglite({ dataDir: dir });
      try {
        expect(hasPgliteDataDir(dir)).toBe(true);
        await db.exec('CREATE TABLE t (n int); INSERT INTO t VALUES (41)');
        const { rows } = await db.query<{ n: number }>('SELECT n + 1 AS n FROM t');
        expect(rows).toEqual([{ n: 42 }]);
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });

  it('says which folder could not be created when initdb fails', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'molam-pglite-bad-'));
    const file = join(parent, 'not-a-folder');
    writeFileSync(file, 'x');
    try {
      await expect(createPgliteDataDir(join(file, 'pglite'), [])).rejects.toThrow(/creating the PGlite data folder .*not-a-folder\/pglite failed/);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
