import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../src-shared/ipc/contract.js';
import { readsTables } from './query-client.js';
import { call } from '../ipc/call.js';

export const syncKeys = {
  all: ['sync'] as const,
  status: () => [...syncKeys.all, 'status'] as const,
  outbox: () => [...syncKeys.all, 'outbox'] as const,
};

/** Sync status: refreshed by the `sync.status` push; read once at start. */
export function syncStatusQuery(api: OpsApi) {
  return queryOptions({
    queryKey: syncKeys.status(),
    queryFn: () => call(api, 'ops:sync.status', {}),
    meta: readsTables('sync_state', 'outbox', 'conflicts'),
  });
}

/** The outbox as the UI inspects it (depth, items, last error). */
export function outboxQuery(api: OpsApi) {
  return queryOptions({
    queryKey: syncKeys.outbox(),
    queryFn: () => call(api, 'ops:outbox.list', {}),
    meta: readsTables('outbox', 'sync_state'),
  });
}
