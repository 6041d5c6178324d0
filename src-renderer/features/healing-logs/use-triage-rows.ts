import { useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { TriageFilters, TriageRow, TriageSort } from '../../../src-shared/ipc/triage.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { PAGE_SIZE, triagePageQuery } from './queries.js';

/**
 * The rows of a triage table, read page by page: page 0 (which gives the total) always, and the
 * pages covering `[start, end]`, the rows the scroller shows. `rowAt` answers from any page already
 * read (also ones scrolled past), undefined for a row not read yet.
 */
export function useTriageRows(filters: TriageFilters, sort: TriageSort, start: number, end: number) {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  const first = useQuery(triagePageQuery(api, filters, sort, 0));
  const pages: number[] = [];
  for (let page = Math.max(1, Math.floor(start / PAGE_SIZE)); page <= Math.floor(end / PAGE_SIZE); page++) pages.push(page);
  // Subscribing to the visible pages re-renders the table when one arrives or is refreshed.
  const visible = useQueries({ queries: pages.map((page) => triagePageQuery(api, filters, sort, page)) });
  // Every page's read time, page 0's too: a refetch that changed nothing still tells the cursor the rows settled.
  const loadedPages = [first.dataUpdatedAt, ...visible.map((result) => result.dataUpdatedAt)].join(',');

  const rowAt = useCallback(
    (index: number): TriageRow | undefined => {
      const page = Math.floor(index / PAGE_SIZE);
      const data = page === 0 ? first.data : queryClient.getQueryData(triagePageQuery(api, filters, sort, page).queryKey);
      return data?.items[index - page * PAGE_SIZE];
    },
    // loadedPages changes when a visible page arrives, so consumers re-read.
    [first.data, queryClient, api, filters, sort, loadedPages],
  );

  return {
    total: first.data?.total ?? 0,
    isPending: first.isPending,
    isError: first.isError,
    error: first.error,
    /** True while the previous filters' rows stand in for the new ones. */
    isStale: first.isPlaceholderData,
    refetch: first.refetch,
    rowAt,
  };
}
