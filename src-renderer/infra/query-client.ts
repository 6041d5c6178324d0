import { QueryClient } from '@tanstack/react-query';
import type { CacheTable } from '../../src-shared/ipc/cache-tables.js';

/**
 * The console's data comes from the main process's cache, which tells the renderer when it changes
 * (`cache.changed`): queries never go stale by time and are refetched only when invalidated.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: Infinity,
        gcTime: 5 * 60_000,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        // A failed IPC call is an answer (invalid request, offline), not a flaky network: no retries.
        retry: false,
      },
      mutations: { retry: false },
    },
  });
}

/** The cache tables a query reads, declared in its `meta` so a change notice can find it. */
export interface CacheQueryMeta extends Record<string, unknown> {
  tables: readonly CacheTable[];
  /** Refetch on a change no sooner than this long after the last fetch (costly aggregates). */
  minRefetchMs?: number;
}

/** Builds the `meta` of a query that reads the given cache tables. */
export function readsTables(...tables: CacheTable[]): CacheQueryMeta {
  return { tables };
}

/**
 * The `meta` of a costly query over the given tables: a change still refreshes it, but at most once per
 * `minRefetchMs` (the overview's aggregates would otherwise rerun on every synced change).
 */
export function readsTablesThrottled(minRefetchMs: number, ...tables: CacheTable[]): CacheQueryMeta {
  return { tables, minRefetchMs };
}
