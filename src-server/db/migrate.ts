import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from './database.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
const NAME = /^\d{4}_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
  hash: string;
}

/** The migrations shipped with the server, in order. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => NAME.test(f))
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}`, 'utf8');
      return { name, sql, hash: createHash('sha256').update(sql).digest('hex') };
    });
}

export class MigrationError extends Error {}

/**
 * Applies the migrations not yet applied, each in its own transaction, recording its hash.
 * A migration whose recorded hash differs from the file's was edited after it ran: refuse to start.
 * Safe to run from several processes at once (an advisory lock serializes them).
 */
export async function migrate(db: Database, migrations = loadMigrations()): Promise<string[]> {
  await db.transaction(async (tx) => {
    // Under the lock: two concurrent CREATE TABLE IF NOT EXISTS can collide on PostgreSQL's catalog.
    await tx.query('SELECT pg_advisory_xact_lock(814000)');
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      name text PRIMARY KEY, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
  const applied: string[] = [];
  for (const migration of migrations) {
    const ran = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(814000)');
      const { rows } = await tx.query<{ hash: string }>('SELECT hash FROM schema_migrations WHERE name = $1', [
        migration.name,
      ]);
      if (rows[0]) {
        if (rows[0].hash !== migration.hash) {
          throw new MigrationError(
            `migration ${migration.name} was edited after it was applied (recorded ${rows[0].hash.slice(0, 12)}, file ${migration.hash.slice(0, 12)}); add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (name, hash) VALUES ($1, $2)', [migration.name, migration.hash]);
      return true;
    });
    if (ran) applied.push(migration.name);
  }
  return applied;
}
