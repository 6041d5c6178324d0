import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import { pullFeed } from './feed-puller.js';
import { OutboxPusher } from './outbox-pusher.js';
import { SyncEngine } from './sync-engine.js';
import { HttpOutage, closeTestServer, openTestCache, seedPendingLogs, testClient, waitFor } from './testing/fixtures.js';

describe.each(testBackends())('sync engine against the reference backend on %s', (backend) => {
  let server: TestServer;
  let outage: HttpOutage;
  const cleanups: Array<() => Promise<void> | void> = [];
  beforeAll(async () => {
    server = await startTestServer(backend);
    outage = new HttpOutage(server);
  });
  afterAll(async () => closeTestServer(server));
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  function engineFor(options: { pageSize?: number } = {}) {
    const cache = openTestCache(server.baseUrl);
    const client = testClient(server.baseUrl);
    const pusher = new OutboxPusher({ repos: cache.repos, client, profileId: cache.profileId });
    const engine = new SyncEngine({
      repos: cache.repos,
      client,
      pusher,
      profile: { id: cache.profileId, name: 'test', url: server.baseUrl },
      pageSize: options.pageSize ?? 5000,
      reconnect: { baseDelayMs: 20, maxDelayMs: 200 },
    });
    cleanups.push(() => cache.close(), () => engine.stop());
    return { ...cache, engine, client };
  }

  it('copies every healing log, plugin and rule into an empty cache on the first sync, page by page', async () => {
    const { ids, pluginId } = await seedPendingLogs(server, 12);
    const { repos, engine } = engineFor({ pageSize: 5 });
    const progress: number[] = [];
    engine.onDidProgress((p) => progress.push(p.applied));
    await engine.syncNow();

    for (const id of ids) expect(repos.logs.get(id)?.log.status).toBe('pending_review');
    expect(repos.logs.get(ids[0]!)?.platform).toBe('woocommerce');
    expect(repos.entities.plugin.get(pluginId)).toMatchObject({ id: pluginId, cms: 'woocommerce' });
    expect(repos.entities.rule.where('name', 'missing_database_column')).toHaveLength(1);
    expect(repos.entities.approval_policy.get('critical')).toMatchObject({ required_approvals: 2 });
    const state = repos.syncState.get();
    expect(state.initialSyncDone).toBe(true);
    expect(state.lastSuccessAt).not.toBeNull();
    expect(progress.length).toBeGreaterThan(3);
    const feed = await server.request('GET', `/api/v1/sync/changes?since=${state.cursor}`);
    expect(feed.body.changes).toEqual([]);
    expect(engine.status()).toMatchObject({ connectivity: 'online', initialSyncDone: true, outboxDepth: 0, conflicts: 0 });
  });

  it('pulls only what changed since the last sync, and reviews done elsewhere show up', async () => {
    const { ids } = await seedPendingLogs(server, 3);
    const { repos, engine } = engineFor();
    await engine.syncNow();
    const before = repos.syncState.get().cursor;

    const rejected = await server.request('POST', `/api/v1/plugins/autoheal/${ids[1]}/reject`, {
      as: 'reviewer',
      body: { reason: 'not on a Friday' },
    });
    expect(rejected.status).toBe(200);
    const { ids: more } = await seedPendingLogs(server, 2);
    await engine.syncNow();

    const onServer = await server.db.query<{ version: number }>('SELECT version FROM plugin_auto_healing_logs WHERE id = $1', [ids[1]]);
    expect(repos.logs.get(ids[1]!)?.log).toMatchObject({
      status: 'rejected',
      rejection_reason: 'not on a Friday',
      version: onServer.rows[0]!.version,
    });
    expect(repos.logs.get(more[1]!)?.log.status).toBe('pending_review');
    expect(repos.syncState.get().cursor).toBeGreaterThan(before);
  });

  it('is woken by the SSE stream when the server changes, without a manual sync', async () => {
    const { repos, engine } = engineFor();
    engine.start();
    await waitFor(() => repos.syncState.get().initialSyncDone && engine.status().connectivity === 'online', 'the first sync');
    const { ids } = await seedPendingLogs(server, 1);
    await waitFor(() => repos.logs.get(ids[0]!) !== undefined, 'the nudged pull');
  });

  it('resumes an initial sync cut short by the network and rebuilds the indexes it set aside', async () => {
    const { ids } = await seedPendingLogs(server, 12);
    const cache = openTestCache(server.baseUrl);
    cleanups.push(() => cache.close());
    let calls = 0;
    const flaky: typeof fetch = (input, init) => (++calls === 3 ? Promise.reject(new TypeError('fetch failed')) : fetch(input, init));
    const indexes = () =>
      (cache.repos.cache.sql.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'index' AND tbl_name = 'healing_logs'").get() as { n: number }).n;
    const before = indexes();
    await expect(pullFeed(cache.repos, testClient(server.baseUrl, 'admin', { fetch: flaky, attempts: 1 }), { pageSize: 4 })).rejects.toThrow(/cannot reach/);
    expect(cache.repos.syncState.get()).toMatchObject({ initialSyncDone: false });
    expect(cache.repos.syncState.get().cursor).toBeGreaterThan(0);
    expect(indexes()).toBeLessThan(before);

    await pullFeed(cache.repos, testClient(server.baseUrl), { pageSize: 4 });
    expect(cache.repos.syncState.get().initialSyncDone).toBe(true);
    expect(indexes()).toBe(before);
    for (const id of ids) expect(cache.repos.logs.get(id)).toBeDefined();
  });

  it('asks for short pages first, doubling up to the page size, so the first rows land sooner', async () => {
    const { ids } = await seedPendingLogs(server, 12);
    const cache = openTestCache(server.baseUrl);
    cleanups.push(() => cache.close());
    const limits: number[] = [];
    const recording: typeof fetch = (input, init) => {
      const url = new URL(String(input));
      if (url.pathname === '/api/v1/sync/changes') limits.push(Number(url.searchParams.get('limit')));
      return fetch(input, init);
    };
    await pullFeed(cache.repos, testClient(server.baseUrl, 'admin', { fetch: recording }), { pageSize: 8, firstPageSize: 2 });
    expect(limits.slice(0, 4)).toEqual([2, 4, 8, 8]);
    for (const id of ids) expect(cache.repos.logs.get(id)).toBeDefined();
  });

  it('goes offline when the backend stops, reconnects its stream when it is back, and is nudged again', async () => {
    const { repos, engine } = engineFor();
    engine.start();
    await waitFor(() => repos.syncState.get().initialSyncDone && engine.status().connectivity === 'online', 'the first sync');
    await outage.stop();
    try {
      await waitFor(() => engine.status().connectivity === 'offline', 'the console to notice the backend is gone');
    } finally {
      await outage.start();
    }
    await waitFor(() => engine.status().connectivity === 'online', 'the stream to reconnect');
    const { ids } = await seedPendingLogs(server, 1);
    await waitFor(() => repos.logs.get(ids[0]!) !== undefined, 'a nudge on the new stream');
  });

  it('announces the tables each sync page touched', async () => {
    await seedPendingLogs(server, 1);
    const { repos, engine } = engineFor();
    const seen = new Set<string>();
    repos.cache.onDidChangeTables((tables) => tables.forEach((t) => seen.add(t)));
    await engine.syncNow();
    expect([...seen]).toEqual(expect.arrayContaining(['healing_logs', 'plugins', 'rules', 'sync_state']));
  });
});
