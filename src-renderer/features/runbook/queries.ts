import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

export const runbookKeys = {
  all: ['runbook'] as const,
  tables: () => [...runbookKeys.all, 'tables'] as const,
};

/** The SDK runbook's tables as last cached, with their age (offline too). */
export function runbookTablesQuery(api: OpsApi) {
  return queryOptions({
    queryKey: runbookKeys.tables(),
    queryFn: () => call(api, 'ops:runbook.tables', {}),
    meta: readsTables('patch_stats', 'sdk_patches'),
  });
}

/** The runbook's alerts as the backend last evaluated them (pending, firing, resolved in 7 days), with their age. */
export function alertsQuery(api: OpsApi) {
  return queryOptions({
    queryKey: [...runbookKeys.all, 'alerts'] as const,
    queryFn: () => call(api, 'ops:alerts.list', {}),
    meta: readsTables('self_heal_alerts', 'rollout_snapshots', 'sdk_patches'),
  });
}
