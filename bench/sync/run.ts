/**
 * Sync benchmark of the console's main process against the reference backend.
 *
 *   npm run bench:sync                        # PostgreSQL when TEST_DATABASE_URL / DATABASE_URL is set, else PGlite
 *   BENCH_LOGS=20000 npm run bench:sync       # fewer logs (default 100,000)
 *
 * With N healing logs on the server (inserted with SQL by a seeding process), the server runs in a
 * child process and this process plays the console: a full initial sync into an empty cache, a
 * bare better-sqlite3 bulk insert of the same rows (the floor the sync is compared to), an
 * incremental sync of 1,000 changes, the review-queue page's p95 over the cache, and this
 * process's RSS after the sync. The last line is one JSON object.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { BackendClient } from '../../src-main/backend/backend-client.js';
import { CacheDb } from '../../src-main/cache/cache-db.js';
import { createRepositories } from '../../src-main/cache/repositories/index.js';
import { PatchPreviewService } from '../../src-main/services/patch-preview-service.js';
import { OutboxPusher } from '../../src-main/sync/outbox-pusher.js';
import { SyncEngine } from '../../src-main/sync/sync-engine.js';
import { TransitionResponseSchema } from '../../src-shared/schemas/autoheal.js';
import { startServerProcess } from '../server/server-process.js';
import { report } from '../support/report.js';

const LOGS = Number(process.env.BENCH_LOGS ?? 100_000);
const CHANGES = 1_000;
const QUERY_RUNS = 1_000;
const TOKEN = `bench-sync-${randomUUID()}`;
const postgresBase = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const MB = 1024 * 1024;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: postgresBase });
  await client.connect();
  await client.query(sql);
  await client.end();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-bench-sync-server-'));
  const cacheDir = mkdtempSync(join(tmpdir(), 'molam-bench-sync-cache-'));
  const dbName = `molam_bench_sync_${process.pid}`;
  let databaseUrl = '';
  if (postgresBase) {
    await admin(`CREATE DATABASE ${dbName}`);
    const url = new URL(postgresBase);
    url.pathname = `/${dbName}`;
    databaseUrl = url.toString();
  }
  let stopServer = async () => undefined as void;
  try {
    console.log(`seeding ${LOGS} healing logs into ${postgresBase ? 'PostgreSQL' : 'PGlite'} ...`);
    const seeded = spawnSync(process.execPath, ['--import', 'tsx', 'bench/sync/seed.ts', String(LOGS), databaseUrl || join(dataDir, 'pglite')], {
      env: { ...process.env, BENCH_TOKEN: TOKEN },
      stdio: 'inherit',
    });
    if (seeded.status !== 0) throw new Error('seeding failed');
    const server = await startServerProcess({ databaseUrl, dataDir });
    stopServer = server.stop;

    const repos = createRepositories(CacheDb.open({ file: join(cacheDir, 'cache.sqlite') }));
    const profileId = randomUUID();
    repos.profiles.insert({ id: profileId, name: 'bench', url: server.url, embedded: false, createdAt: new Date().toISOString() });
    repos.syncState.resetSyncedData(profileId);
    const client = new BackendClient({ baseUrl: server.url, token: TOKEN, timeoutMs: 60_000 });
    const pusher = new OutboxPusher({ repos, client, profileId });
    const engine = new SyncEngine({ repos, client, pusher, profile: { id: profileId, name: 'bench', url: server.url } });
    let pages = 0;
    engine.onDidProgress(() => pages++);
    // As the console wires it: after each pull, the previews of logs awaiting a decision, in the background.
    const previews = new PatchPreviewService({ repos, client: () => client });
    engine.onDidProgress((p) => {
      if (!p.hasMore) void previews.refreshPending();
    });

    // 1. Initial sync into an empty cache.
    let started = performance.now();
    await engine.syncNow();
    const initialMs = performance.now() - started;
    const rssMb = process.memoryUsage().rss / MB;
    const status = engine.status();
    if (status.lastError) throw new Error(`initial sync failed: ${status.lastError}`);
    const cached = repos.logQuery.counts().total;
    if (cached !== LOGS) throw new Error(`expected ${LOGS} cached logs, found ${cached}`);
    // The sync is done at its last commit; the indexes and the WAL's copy into the file follow on a
    // worker thread (see InitialLoad.complete). Printed, not a target.
    await repos.initialLoad.whenComplete();
    const completeMs = performance.now() - started;
    console.log(`initial sync: ${cached} logs in ${pages} pages; indexes rebuilt and WAL copied ${Math.round(completeMs - initialMs)} ms after`);
    await previews.idle();
    const previewRoundMs = performance.now() - started - completeMs;
    const previewsCached = (repos.cache.sql.prepare('SELECT count(*) AS n FROM patch_previews').get() as { n: number }).n;
    console.log(`background previews after the initial sync: ${previewsCached} fetched in ${Math.round(previewRoundMs)} ms (not a target)`);

    // 2. The floor: the same rows, already in memory, inserted with one prepared statement in one transaction.
    const rows = repos.cache.sql
      .prepare('SELECT id, plugin_id, platform, status, severity, severity_rank, confidence, detected_issue, created_at, version, data FROM healing_logs')
      .raw()
      .all() as unknown[][];
    const bare = CacheDb.open({ file: join(cacheDir, 'bare.sqlite') });
    const insert = bare.sql.prepare(
      `INSERT INTO healing_logs (id, plugin_id, platform, status, severity, severity_rank, confidence, detected_issue, created_at, version, data)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    started = performance.now();
    bare.sql.transaction(() => {
      for (const row of rows) insert.run(...row);
    })();
    const bareMs = performance.now() - started;
    bare.close();
    rows.length = 0;

    // 3. 1,000 changes on the server (reviews through the API), then an incremental sync.
    const pending = repos.logQuery.page({ filters: { status: ['pending_review'] }, sort: 'oldest', limit: 500, offset: 0 }).items;
    const more = repos.logQuery.page({ filters: { status: ['pending_review'] }, sort: 'oldest', limit: 500, offset: 500 }).items;
    const targets = [...pending, ...more].slice(0, CHANGES).map((i) => i.log);
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < targets.length) {
          const log = targets[next++]!;
          await client.request('POST', `/api/v1/plugins/autoheal/${encodeURIComponent(log.id)}/reject`, {
            schema: TransitionResponseSchema,
            body: { reason: 'benchmark' },
            idempotencyKey: randomUUID(),
            ifMatch: log.version,
          });
        }
      }),
    );
    const before = repos.syncState.get().cursor;
    // The decisions above were sent directly; the cache learns them from the feed like any change made elsewhere.
    let applied = 0;
    const unsubscribe = engine.onDidProgress((p) => (applied = p.applied));
    started = performance.now();
    await engine.syncNow();
    const incrementalMs = performance.now() - started;
    unsubscribe();
    console.log(`incremental sync: ${applied} changes (cursor ${before} → ${repos.syncState.get().cursor})`);

    // 4. The review queue over the cache: its first page in the urgency order (the rows; the total is a count apart).
    const times: number[] = [];
    for (let i = 0; i < QUERY_RUNS; i++) {
      const t = performance.now();
      const page = repos.logQuery.slice({ filters: { status: ['pending_review'] }, sort: 'urgency', limit: 100, offset: 0 });
      times.push(performance.now() - t);
      if (page.items.length !== 100) throw new Error('the review queue returned a short page');
    }

    await previews.close();
    await engine.stop();
    repos.cache.close();
    const ok = report(
      'sync',
      {
        logs: LOGS,
        initial_sync_ms: initialMs,
        initial_sync_indexed_ms: completeMs,
        bare_insert_ms: bareMs,
        initial_vs_bare_ratio: initialMs / bareMs,
        incremental_changes: applied,
        incremental_sync_ms: incrementalMs,
        queue_query_p50_ms: percentile(times, 50),
        queue_query_p95_ms: percentile(times, 95),
        rss_after_sync_mb: rssMb,
      },
      {
        initial_sync_ms: '<= 5000',
        initial_vs_bare_ratio: '<= 3',
        incremental_sync_ms: '<= 200',
        queue_query_p95_ms: '<= 5',
        rss_after_sync_mb: '<= 300',
      },
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await stopServer();
    if (postgresBase) await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

await main();
