import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import type { OverviewPeriod } from '../../../src-shared/ipc/overview.js';
import { readsTablesThrottled } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

export const overviewKeys = {
  all: ['overview'] as const,
  period: (days: OverviewPeriod) => [...overviewKeys.all, days] as const,
};

const OVERVIEW_REFRESH_MS = 5_000;

/** The overview's stat cards, confidence histogram and outcomes per day over the last `days` days. */
export function overviewQuery(api: OpsApi, days: OverviewPeriod) {
  return queryOptions({
    queryKey: overviewKeys.period(days),
    queryFn: () => call(api, 'ops:overview.get', { days }),
    // One pass over the period's logs (about 100 ms for 90 days of 100,000): live, but not per change.
    meta: readsTablesThrottled(OVERVIEW_REFRESH_MS, 'healing_logs'),
  });
}
