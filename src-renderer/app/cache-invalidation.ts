import type { QueryClient } from '@tanstack/react-query';
import type { OpsApi } from '../../src-shared/ipc/contract.js';
import { syncKeys } from '../features/sync-status/queries.js';

/** True when the query declares (in `meta.tables`) that it reads one of the changed tables. */
export function readsAnyOf(meta: Record<string, unknown> | undefined, changed: readonly string[]): boolean {
  const tables = meta?.['tables'];
  return Array.isArray(tables) && tables.some((table) => changed.includes(table as string));
}

/**
 * Keeps the query cache true to the main process: a `cache.changed` notice invalidates exactly the
 * queries that read those tables, and a pushed sync status replaces the cached one without a call.
 * Returns the function that stops listening.
 */
export function connectCacheInvalidation(api: OpsApi, queryClient: QueryClient): () => void {
  const stops = [
    api.on('cache.changed', ({ tables }) => {
      void queryClient.invalidateQueries({ predicate: (query) => readsAnyOf(query.meta, tables) });
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
  };
}
