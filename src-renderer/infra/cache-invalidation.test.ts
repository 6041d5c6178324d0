import { QueryObserver, type QueryClient } from '@tanstack/react-query';
import { describe, expect, it, vi } from 'vitest';
import type { IpcEventName, IpcEventPayload, OpsApi } from '../../src-shared/ipc/contract.js';
import type { CacheTable } from '../../src-shared/ipc/cache-tables.js';
import { syncKeys } from './sync-status.js';
import { connectCacheInvalidation, readsAnyOf } from './cache-invalidation.js';
import { createQueryClient, readsTables, readsTablesThrottled } from './query-client.js';

/** The event side of the contract, as main would push it; calls are not used here. */
function pushingApi() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api: OpsApi = {
    invoke: () => Promise.reject(new Error('not used')),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
  const push = <E extends IpcEventName>(event: E, payload: IpcEventPayload<E>) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };
  return { api, push, listenerCount: () => [...listeners.values()].reduce((n, s) => n + s.size, 0) };
}

/** A query that counts how often it is fetched, kept active by an observer like a mounted view. */
function countedQuery(client: QueryClient, key: string, tables: CacheTable[], minRefetchMs = 0) {
  let fetches = 0;
  const observer = new QueryObserver(client, {
    queryKey: [key],
    queryFn: async () => ++fetches,
    meta: minRefetchMs > 0 ? readsTablesThrottled(minRefetchMs, ...tables) : readsTables(...tables),
  });
  const stop = observer.subscribe(() => undefined);
  return { fetches: () => fetches, stop };
}

/** Resolves once no query is fetching (a refetch starts synchronously on invalidation). */
async function settle(client: QueryClient) {
  await vi.waitFor(() => expect(client.isFetching()).toBe(0));
}

describe('cache invalidation', () => {
  it('matches a query by the tables it declares', () => {
    expect(readsAnyOf(readsTables('healing_logs', 'outbox'), ['outbox'])).toBe(true);
    expect(readsAnyOf(readsTables('profiles'), ['outbox', 'healing_logs'])).toBe(false);
    expect(readsAnyOf(undefined, ['outbox'])).toBe(false);
  });

  it('refetches exactly the queries that read a changed table, and nothing on time alone', async () => {
    const client = createQueryClient();
    const { api, push } = pushingApi();
    connectCacheInvalidation(api, client);
    const logs = countedQuery(client, 'logs', ['healing_logs', 'outbox']);
    const settings = countedQuery(client, 'settings', ['profiles']);
    await settle(client);
    expect([logs.fetches(), settings.fetches()]).toEqual([1, 1]);

    push('cache.changed', { tables: ['outbox'] });
    await settle(client);
    expect([logs.fetches(), settings.fetches()]).toEqual([2, 1]);

    push('cache.changed', { tables: ['commands'] });
    await settle(client);
    expect([logs.fetches(), settings.fetches()]).toEqual([2, 1]);
    logs.stop();
    settings.stop();
  });

  it('puts a pushed sync status into the cache without a call', () => {
    const client = createQueryClient();
    const { api, push } = pushingApi();
    connectCacheInvalidation(api, client);
    const status = {
      connectivity: 'online' as const,
      profile: null,
      identity: null,
      syncing: false,
      initialSyncDone: true,
      cursor: 42,
      lastSuccessAt: '2026-01-01T00:00:00.000Z',
      lastError: null,
      outboxDepth: 3,
      outboxRejected: 0,
      conflicts: 1,
    };
    push('sync.status', status);
    expect(client.getQueryData(syncKeys.status())).toEqual(status);
  });

  it('stops listening when disconnected', () => {
    const { api, listenerCount } = pushingApi();
    const disconnect = connectCacheInvalidation(api, createQueryClient());
    expect(listenerCount()).toBe(3);
    disconnect();
    expect(listenerCount()).toBe(0);
  });

  it('refreshes a throttled query after a change, but at most once per its interval', async () => {
    vi.useFakeTimers();
    try {
      const client = createQueryClient();
      const { api, push } = pushingApi();
      const stop = connectCacheInvalidation(api, client);
      const overview = countedQuery(client, 'overview', ['healing_logs'], 5_000);
      await vi.advanceTimersByTimeAsync(0);
      expect(overview.fetches()).toBe(1);

      // A burst of changes right after a fetch: one refresh, when the interval is over.
      for (let i = 0; i < 10; i++) push('cache.changed', { tables: ['healing_logs'] });
      await vi.advanceTimersByTimeAsync(4_000);
      expect(overview.fetches()).toBe(1);
      await vi.advanceTimersByTimeAsync(1_100);
      expect(overview.fetches()).toBe(2);

      // Long after the last fetch, a change refreshes it at once; an unrelated table does nothing.
      await vi.advanceTimersByTimeAsync(10_000);
      push('cache.changed', { tables: ['profiles'] });
      push('cache.changed', { tables: ['healing_logs'] });
      await vi.advanceTimersByTimeAsync(0);
      expect(overview.fetches()).toBe(3);
      overview.stop();
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});
