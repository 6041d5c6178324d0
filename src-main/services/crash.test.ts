import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_TOKENS, startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { CacheDb } from '../cache/cache-db.js';
import { createRepositories } from '../cache/repositories/index.js';
import { DecisionService } from './decision-service.js';
import { pullFeed } from '../sync/feed-puller.js';
import { auditCounts, serverStatuses } from './testing/console-fixture.js';
import { closeTestServer, openTestCache, seedActivePause, seedPendingLogs, serverPause, testClient } from '../sync/testing/fixtures.js';

const CHILD = fileURLToPath(new URL('./testing/push-child.ts', import.meta.url));
const LOGS = 9;
const MAX_RUNS = 60;
/** A run is killed after 0..MAX_SETTLED_BEFORE_KILL decisions settled, plus 0..MAX_EXTRA_DELAY_MS. */
const MAX_SETTLED_BEFORE_KILL = 2;
const MAX_EXTRA_DELAY_MS = 25;

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs the pusher child once and kills it `delayMs` after the `settledBeforeKill`-th decision it
 * settled (0: after it is ready), so kills land anywhere in a push, including mid-request, however
 * fast or slow the machine is. Resolves whether it drained by itself.
 */
function runChild(args: string[], settledBeforeKill: number, delayMs: number): Promise<'drained' | 'killed'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], {
      env: { ...process.env, MOLAM_TOKEN: TEST_TOKENS.admin },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let settled = 0;
    let ready = false;
    child.stdout.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line === 'ready') ready = true;
        if (line.startsWith('settled ')) settled++;
      }
      if (!timer && ready && settled >= settledBeforeKill) timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('drained');
      else reject(new Error(`push child exited with ${code}: ${stderr}`));
    });
  });
}

describe.each(testBackends())('outbox under SIGKILL against the reference backend on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => closeTestServer(server));

  it('loses no decision and applies none twice when the pushing process is killed at random points', { timeout: 120_000 }, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`crash test seed ${seed} on ${backend} (replay with CRASH_SEED=${seed})`);
    const random = prng(seed);

    // One plugin per log: the server starts one apply at a time on a plugin (409 plugin_busy while
    // another is applying), and this test applies several without the plugin acknowledging any.
    const ids: string[] = [];
    for (let i = 0; i < LOGS; i++) ids.push(...(await seedPendingLogs(server, 1)).ids);
    const { pauseId } = await seedActivePause(server);
    const cache = openTestCache(server.baseUrl);
    await pullFeed(cache.repos, testClient(server.baseUrl), { pageSize: 5000 });
    const decisions = new DecisionService(cache.repos, () => cache.profileId, () => undefined);
    const approved: string[] = [];
    const applied: string[] = [];
    const rejected: string[] = [];
    ids.forEach((id, i) => {
      // A resume of an auto-apply pause rides in the middle of the queue.
      if (i === Math.floor(LOGS / 2)) decisions.resumePause(pauseId);
      if (i % 3 === 2) {
        decisions.decide(id, { action: 'reject', reason: `not safe #${i}` });
        rejected.push(id);
        return;
      }
      decisions.decide(id, { action: 'approve' });
      approved.push(id);
      if (i % 3 === 0) {
        decisions.decide(id, { action: 'apply' });
        applied.push(id);
      }
    });
    const queued = cache.repos.outbox.counts(cache.profileId).queued;
    expect(queued).toBe(approved.length + applied.length + rejected.length + 1);
    cache.repos.cache.close();

    let kills = 0;
    let runs = 0;
    for (; runs < MAX_RUNS; runs++) {
      const settledBeforeKill = Math.floor(random() * (MAX_SETTLED_BEFORE_KILL + 1));
      const outcome = await runChild([cache.file, cache.profileId, server.baseUrl], settledBeforeKill, Math.floor(random() * MAX_EXTRA_DELAY_MS));
      if (outcome === 'drained') break;
      kills++;
    }
    console.log(`crash test: ${kills} kills in ${runs + 1} runs for ${queued} decisions`);
    expect(runs).toBeLessThan(MAX_RUNS);
    expect(kills).toBeGreaterThanOrEqual(3);

    const after = createRepositories(CacheDb.open({ file: cache.file }));
    expect(after.outbox.list(cache.profileId)).toEqual([]);
    expect(after.conflicts.list(cache.profileId)).toEqual([]);
    after.cache.close();
    cache.close();

    const statuses = await serverStatuses(server, ids);
    const approvals = await auditCounts(server, 'healing_log.approve', approved);
    const applies = await auditCounts(server, 'healing_log.apply', applied);
    const rejections = await auditCounts(server, 'healing_log.reject', rejected);
    for (const id of approved) expect([id, approvals.get(id)]).toEqual([id, 1]);
    for (const id of applied) expect([id, applies.get(id), statuses.get(id)]).toEqual([id, 1, 'applying']);
    for (const id of rejected) expect([id, rejections.get(id), statuses.get(id)]).toEqual([id, 1, 'rejected']);
    expect((await auditCounts(server, 'auto_apply_pause.resume', [pauseId])).get(pauseId)).toBe(1);
    expect((await serverPause(server, pauseId)).resumed_at).not.toBeNull();
    const commands = await server.db.query<{ healing_log_id: string; n: number }>(
      `SELECT healing_log_id::text, count(*)::int AS n FROM plugin_commands
        WHERE command_type = 'apply_patch' AND healing_log_id::text = ANY($1::text[]) GROUP BY healing_log_id`,
      [applied],
    );
    expect(commands.rows.map((r) => r.n)).toEqual(applied.map(() => 1));
  });
});
