import { queryOptions } from '@tanstack/react-query';
import type { IpcRequest, OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../app/query-client.js';
import { call } from '../../ipc/call.js';

export type LogListFilters = IpcRequest<'ops:logs.list'>;

export const logKeys = {
  all: ['logs'] as const,
  list: (filters: LogListFilters) => [...logKeys.all, 'list', filters] as const,
  counts: () => [...logKeys.all, 'counts'] as const,
};

/** The cached healing logs for the given filters (the review-queue order by default). */
export function logListQuery(api: OpsApi, filters: LogListFilters) {
  return queryOptions({
    queryKey: logKeys.list(filters),
    queryFn: () => call(api, 'ops:logs.list', filters),
    meta: readsTables('healing_logs', 'outbox', 'conflicts', 'plugins'),
  });
}

/** How many cached logs there are, by status and local state. */
export function logCountsQuery(api: OpsApi) {
  return queryOptions({
    queryKey: logKeys.counts(),
    queryFn: () => call(api, 'ops:logs.counts', {}),
    meta: readsTables('healing_logs', 'outbox', 'conflicts'),
  });
}
