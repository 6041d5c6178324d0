import { QueryObserver, type QueryClient, type QueryOptions } from '@tanstack/react-query';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { consoleFor } from '../../src-main/services/testing/console-fixture.js';
import { closeTestServer, seedPendingLogs, waitFor } from '../../src-main/sync/testing/fixtures.js';
import { triagePageQuery } from '../../src-renderer/features/healing-logs/queries.js';
import { logDetailQuery } from '../../src-renderer/features/log-detail/queries.js';
import { connectCacheInvalidation } from '../../src-renderer/infra/cache-invalidation.js';
import { createQueryClient } from '../../src-renderer/infra/query-client.js';
import { startTestServer, testBackends, type TestServer } from '../../src-server/testing/harness.js';
import type { IpcChannel, OpsApi } from '../../src-shared/ipc/contract.js';
import type { TriageSort } from '../../src-shared/ipc/triage.js';

// One decision, one refresh, as the renderer sees it: the main process's cache over a real reference
// backend announces its changes to a real QueryClient through the renderer's invalidation, and the
// screens' queries on the decided log (the triage table's page, the log's detail) are refetched once
// per change the user can see: queued, then synced. The feed delivering the answered version refetches nothing.

describe.each(testBackends())('refetches of one decision on %s', (backend) => {
  let server: TestServer;
  const disposers: Array<() => void | Promise<void>> = [];
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => closeTestServer(server));
  afterEach(async () => {
    for (const dispose of disposers.splice(0).reverse()) await dispose();
  });

  /** The renderer's side of the bridge: `cache.changed` from the cache, and calls counted per channel. */
  function rendererOf(app: ReturnType<typeof consoleFor>) {
    const calls = new Map<IpcChannel, number>();
    const api: OpsApi = {
      invoke: (channel) => {
        calls.set(channel, (calls.get(channel) ?? 0) + 1);
        return Promise.resolve({ ok: true, data: {} } as never);
      },
      on: (event, listener) =>
        event === 'cache.changed' ? app.repos.cache.onDidChangeTables((tables) => listener({ tables: [...tables] } as never)) : () => undefined,
    };
    const client = createQueryClient();
    disposers.push(connectCacheInvalidation(api, client), () => client.clear());
    return { api, client, fetches: (channel: IpcChannel) => calls.get(channel) ?? 0 };
  }

  /** Keeps a query mounted, like a screen showing it. */
  function mount(client: QueryClient, options: QueryOptions) {
    const observer = new QueryObserver(client, options as never);
    disposers.push(observer.subscribe(() => undefined));
  }

  async function settle(client: QueryClient) {
    await vi.waitFor(() => expect(client.isFetching()).toBe(0));
  }

  it('refetches the table and the detail of an approved log once when queued and once when synced', async () => {
    const { ids } = await seedPendingLogs(server, 1);
    const id = ids[0]!;
    const app = consoleFor(server);
    disposers.push(() => app.dispose());
    await app.engine.syncNow();
    const { api, client, fetches } = rendererOf(app);
    mount(client, triagePageQuery(api, {}, {} as TriageSort, 0) as QueryOptions);
    mount(client, logDetailQuery(api, id) as QueryOptions);
    await settle(client);
    expect([fetches('ops:triage.page'), fetches('ops:logs.get')]).toEqual([1, 1]);

    app.decisions.decide(id, { action: 'approve' });
    await waitFor(() => app.outbox.view().depth === 0, 'the approval to be pushed');
    await settle(client);
    const cursor = app.repos.syncState.get().cursor;
    await app.engine.syncNow();
    expect(app.repos.syncState.get().cursor).toBeGreaterThan(cursor);
    await settle(client);

    expect(app.repos.logs.get(id)).toMatchObject({ localState: 'synced', log: { status: 'approved' } });
    // The first load, then queued, then synced.
    expect([fetches('ops:triage.page'), fetches('ops:logs.get')]).toEqual([3, 3]);
  });
});
