import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A small deterministic PRNG so a failing interleaving can be replayed from its printed seed. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe.each(testBackends())('change feed on %s', (backend) => {
  let server: TestServer;
  const plugins = Array.from({ length: 8 }, (_, i) => `feed-plugin-${i}`);

  beforeAll(async () => {
    server = await startTestServer(backend);
    for (const id of plugins) {
      const r = await server.request('POST', '/api/v1/plugins/register', {
        as: 'merchant',
        body: { id, cms: 'shopify', cms_version: '2024-10', plugin_version: '2.0.0' },
      });
      expect(r.status).toBe(200);
    }
  });
  afterAll(async () => server?.close());

  async function readFeed(since: number, limit = 100) {
    const r = await server.request('GET', `/api/v1/sync/changes?since=${since}&limit=${limit}`, { as: 'ops' });
    expect(r.status).toBe(200);
    return r.body as { changes: Array<{ cursor: number; entity: string; entity_id: string; data: any }>; next_cursor: number; has_more: boolean };
  }

  it('pages through every change in cursor order', async () => {
    const seen: number[] = [];
    let since = 0;
    for (;;) {
      const page = await readFeed(since, 3);
      seen.push(...page.changes.map((c) => c.cursor));
      since = page.next_cursor;
      if (!page.has_more) break;
    }
    expect(seen.length).toBeGreaterThanOrEqual(plugins.length);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('never skips a change whose transaction commits after a later writer started', async () => {
    const seed = Number(process.env.FEED_SEED ?? Date.now() % 1_000_000);
    console.log(`change-feed interleaving seed: ${seed} (replay with FEED_SEED=${seed})`);
    const random = mulberry32(seed);
    const start = (await readFeed(0, 5000)).next_cursor;

    // Writers hold their transaction open for a random time after writing, so under PostgreSQL a
    // writer that drew an earlier cursor would commit after a later one if nothing ordered them.
    const writers = Array.from({ length: 24 }, (_, i) => async () => {
      await delay(random() * 20);
      await server.db.transaction(async (tx) => {
        const id = plugins[i % plugins.length]!;
        await tx.query(`UPDATE plugins SET state = state || jsonb_build_object('tick', $2::int), version = version + 1 WHERE id = $1`, [id, i]);
        await delay(random() * 30);
      });
    });

    const collected: number[] = [];
    let cursor = start;
    let done = false;
    const reader = (async () => {
      while (!done) {
        const page = await readFeed(cursor);
        collected.push(...page.changes.map((c) => c.cursor));
        cursor = page.next_cursor;
        await delay(1);
      }
    })();
    await Promise.all(writers.map((w) => w()));
    done = true;
    await reader;
    for (;;) {
      const page = await readFeed(cursor);
      collected.push(...page.changes.map((c) => c.cursor));
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }

    const { rows } = await server.db.query<{ cursor: number }>('SELECT cursor FROM sync_changes WHERE cursor > $1 ORDER BY cursor', [start]);
    expect(rows).toHaveLength(24);
    expect(collected).toEqual(rows.map((r) => r.cursor));
  });

  // PGlite has one connection, so two open transactions cannot exist at once there.
  it.skipIf(backend === 'pglite')('hides a change until its transaction commits and holds later writers behind it (PostgreSQL only: needs two connections)', async () => {
    const before = (await readFeed(0, 5000)).next_cursor;
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstWrote!: () => void;
    const firstHasWritten = new Promise<void>((resolve) => (firstWrote = resolve));
    const first = server.db.transaction(async (tx) => {
      await tx.query(`UPDATE plugins SET state = state || '{"late": true}'::jsonb WHERE id = $1`, [plugins[0]]);
      firstWrote();
      await firstHolds;
    });
    await firstHasWritten;
    let secondDone = false;
    const second = server.db
      .transaction(async (tx) => {
        await tx.query(`UPDATE plugins SET state = state || '{"early": true}'::jsonb WHERE id = $1`, [plugins[1]]);
      })
      .then(() => (secondDone = true));
    // Give the second writer every chance to commit; it must wait for the first.
    await delay(100);
    expect(secondDone).toBe(false);
    expect((await readFeed(before)).changes).toHaveLength(0);
    releaseFirst();
    await Promise.all([first, second]);
    const after = await readFeed(before);
    expect(after.changes.map((c) => c.entity_id)).toEqual([plugins[0], plugins[1]]);
  });
});
