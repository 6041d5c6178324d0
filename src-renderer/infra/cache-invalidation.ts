import type { Query, QueryClient } from '@tanstack/react-query';
import type { OpsApi } from '../../src-shared/ipc/contract.js';
import { syncKeys } from './sync-status.js';

/** True when the query declares (in `meta.tables`) that it reads one of the changed tables. */
export function readsAnyOf(meta: Record<string, unknown> | undefined, changed: readonly string[]): boolean {
  const tables = meta?.['tables'];
  return Array.isArray(tables) && tables.some((table) => changed.includes(table as string));
}

function minRefetchMs(meta: Record<string, unknown> | undefined): number {
  const value = meta?.['minRefetchMs'];
  return typeof value === 'number' ? value : 0;
}

/**
 * Keeps the query cache true to the main process: a `cache.changed` notice invalidates exactly the
 * queries that read those tables (a throttled one once its interval since the last fetch has passed),
 * and a pushed sync status replaces the cached one without a call. Returns the function that stops listening.
 */
export function connectCacheInvalidation(api: OpsApi, queryClient: QueryClient): () => void {
  const later = new Map<string, ReturnType<typeof setTimeout>>();
  const invalidateThrottled = (query: Query) => {
    if (later.has(query.queryHash)) return;
    const wait = Math.max(0, query.state.dataUpdatedAt + minRefetchMs(query.meta) - Date.now());
    const timer = setTimeout(() => {
      later.delete(query.queryHash);
      void queryClient.invalidateQueries({ queryKey: query.queryKey, exact: true });
    }, wait);
    later.set(query.queryHash, timer);
  };
  const stops = [
    api.on('cache.changed', ({ tables }) => {
      void queryClient.invalidateQueries({ predicate: (query) => readsAnyOf(query.meta, tables) && minRefetchMs(query.meta) === 0 });
      const throttled = queryClient.getQueryCache().findAll({ predicate: (query) => readsAnyOf(query.meta, tables) && minRefetchMs(query.meta) > 0 });
      for (const query of throttled) invalidateThrottled(query);
    }),
    api.on('sync.status', (status) => {
      queryClient.setQueryData(syncKeys.status(), status);
    }),
    api.on('conflicts.changed', () => {
      void queryClient.invalidateQueries({ predicate: (query) => readsAnyOf(query.meta, ['conflicts']) });
    }),
  ];
  return () => {
    for (const stop of stops) stop();
    for (const timer of later.values()) clearTimeout(timer);
    later.clear();
  };
}
