import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

/** One numbered migration file. */
export interface Migration {
  id: number;
  name: string;
  sql: string;
  hash: string;
}

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** Reads `NNNN_snake_name.sql` files in number order; refuses gaps and duplicate numbers. */
export function readMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .filter((file) => file.endsWith('.sql'))
    .map((file) => {
      const match = FILE_NAME.exec(file);
      if (!match) throw new Error(`cache migration file ${file} is not named NNNN_snake_name.sql`);
      const sql = readFileSync(join(dir, file), 'utf8');
      return { id: Number(match[1]), name: file, sql, hash: createHash('sha256').update(sql).digest('hex') };
    })
    .sort((a, b) => a.id - b.id);
  migrations.forEach((m, index) => {
    if (m.id !== index + 1) throw new Error(`cache migrations must be numbered 0001, 0002, ... without gaps (found ${m.name})`);
  });
  return migrations;
}

/** Why the cache must be rebuilt instead of migrated, or null when migrating is enough. */
export function findMigrationDrift(db: BetterSqlite3.Database, migrations: readonly Migration[]): string | null {
  ensureLedger(db);
  const applied = db.prepare('SELECT id, name, hash FROM cache_migrations ORDER BY id').all() as Array<{
    id: number;
    name: string;
    hash: string;
  }>;
  for (const row of applied) {
    const known = migrations.find((m) => m.id === row.id);
    if (!known) return `cache migration ${row.name} was applied but no longer exists (an older app version?)`;
    if (known.hash !== row.hash) return `cache migration ${row.name} was edited after it was applied`;
  }
  return null;
}

/** Applies the migrations not yet recorded, each in its own transaction together with its ledger row. */
export function applyMigrations(db: BetterSqlite3.Database, migrations: readonly Migration[]): number {
  ensureLedger(db);
  const done = new Set((db.prepare('SELECT id FROM cache_migrations').all() as Array<{ id: number }>).map((r) => r.id));
  const record = db.prepare('INSERT INTO cache_migrations (id, name, hash, applied_at) VALUES (?, ?, ?, ?)');
  let count = 0;
  for (const migration of migrations) {
    if (done.has(migration.id)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.id, migration.name, migration.hash, new Date().toISOString());
    })();
    count++;
  }
  return count;
}

function ensureLedger(db: BetterSqlite3.Database): void {
  db.exec(`CREATE TABLE IF NOT EXISTS cache_migrations (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, hash TEXT NOT NULL, applied_at TEXT NOT NULL)`);
}
