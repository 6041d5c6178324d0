import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPglite, openPostgres } from '../db/database.js';
import { loadMigrations, migrate } from '../db/migrate.js';
import { createHash } from 'node:crypto';


/** Builds the migrated templates the tests start from; returns where they are. */
export async function prepareTemplates(): Promise<{
  pgliteTemplate: string;
  postgresTemplate: string | null;
  cleanup(): Promise<void>;
}> {
  const TEMPLATE_DB = `molam_test_template_${process.pid}`;
  const version = createHash('sha256')
    .update(loadMigrations().map((m) => m.hash).join())
    .digest('hex')
    .slice(0, 12);
  const dir = join(tmpdir(), 'molam-test-templates');
  mkdirSync(dir, { recursive: true });
  const pgliteTemplate = join(dir, `pglite-${version}-${process.pid}.tar.gz`);
  const db = await openPglite({});
  await migrate(db);
  const dump = await db.dumpDataDir!();
  writeFileSync(pgliteTemplate, Buffer.from(await dump.arrayBuffer()));
  await db.close();

  let postgresTemplate: string | null = null;
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [TEMPLATE_DB]);
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
    await admin.end();
    const templateUrl = withDatabase(url, TEMPLATE_DB);
    const tdb = await openPostgres(templateUrl, { max: 1 });
    await migrate(tdb);
    await tdb.close();
    postgresTemplate = TEMPLATE_DB;
  }
  return {
    pgliteTemplate,
    postgresTemplate,
    async cleanup() {
      rmSync(pgliteTemplate, { force: true });
      if (!url || !postgresTemplate) return;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${postgresTemplate} WITH (FORCE)`);
      await admin.end();
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
