import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import type { TriageFilters, TriageSort } from '../../../src-shared/ipc/triage.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

/** Rows per page the tables read as they scroll. */
export const PAGE_SIZE = 100;
const PAGE_GC_TIME_MS = 1_000;

const TRIAGE_TABLES = ['healing_logs', 'outbox', 'conflicts', 'plugins'] as const;

export const logKeys = {
  all: ['logs'] as const,
  page: (filters: TriageFilters, sort: TriageSort, page: number) => [...logKeys.all, 'triage-page', filters, sort, page] as const,
  severityCounts: (filters: TriageFilters) => [...logKeys.all, 'severity-counts', filters] as const,
  byIds: (ids: readonly string[]) => [...logKeys.all, 'by-ids', ids] as const,
};


/** One page of a triage table (page 0 also gives the total the scroller is sized by). */
export function triagePageQuery(api: OpsApi, filters: TriageFilters, sort: TriageSort, page: number) {
  return queryOptions({
    queryKey: logKeys.page(filters, sort, page),
    queryFn: () => call(api, 'ops:triage.page', { filters, sort, limit: PAGE_SIZE, offset: page * PAGE_SIZE }),
    meta: readsTables(...TRIAGE_TABLES),
    // While a new filter's first page loads, the old rows stay instead of a blank table.
    placeholderData: page === 0 ? keepPreviousData : undefined,
    // Pages scrolled past are dropped soon (reading one again takes a few milliseconds): scrolling
    // through 100,000 rows would otherwise keep them all, and the growing heap made long GC pauses.
    gcTime: page === 0 ? undefined : PAGE_GC_TIME_MS,
  });
}

/** How many logs match, per severity (the review queue's header). */
export function severityCountsQuery(api: OpsApi, filters: TriageFilters) {
  return queryOptions({
    queryKey: logKeys.severityCounts(filters),
    queryFn: () => call(api, 'ops:triage.severityCounts', { filters }),
    meta: readsTables('healing_logs'),
    placeholderData: keepPreviousData,
  });
}

/** The checked logs as the cache has them now (what a bulk action previews). */
export function logsByIdsQuery(api: OpsApi, ids: readonly string[]) {
  return queryOptions({
    queryKey: logKeys.byIds(ids),
    queryFn: () => call(api, 'ops:triage.byIds', { ids: [...ids] }),
    meta: readsTables(...TRIAGE_TABLES),
    enabled: ids.length > 0,
  });
}
