import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { useFiltersChanged, useLogFilters } from '../filter-store.js';
import { activeFilterCount, DEFAULT_FILTERS, toTriageFilters } from '../log-filters.js';
import { severityCountsQuery } from '../queries.js';
import '../filter-summary.css';

const NOUN = { queue: 'waiting', all: 'shown' } as const;

/**
 * How many logs the view shows and, when its filters narrow it, how many they hide, with a way to
 * clear them: "0 waiting · 1 filter hides 65". Both counts come from the index-only severity counts.
 */
export function FilterSummary() {
  const api = useOpsApi();
  const filters = useLogFilters();
  const changed = useFiltersChanged();
  const active = activeFilterCount(filters);
  const shownFilters = useMemo(() => toTriageFilters(filters), [filters]);
  const everyFilters = useMemo(() => toTriageFilters({ ...DEFAULT_FILTERS, view: filters.view }), [filters.view]);
  const shown = useQuery(severityCountsQuery(api, shownFilters));
  const every = useQuery({ ...severityCountsQuery(api, everyFilters), enabled: active > 0 });
  const hidden = active > 0 && shown.data && every.data ? Math.max(0, every.data.total - shown.data.total) : null;
  if (shown.isError) return <p className="error" role="alert">The counts could not be read: {shown.error.message}</p>;
  return (
    <p className="filter-summary" role="status" data-testid="filter-summary" data-shown={shown.data?.total} data-hidden={hidden ?? 0} data-active={active}>
      <strong>{shown.data?.total ?? '…'}</strong> {NOUN[filters.view]}
      {active > 0 && (
        <>
          {' · '}
          <span data-testid="filter-hidden">
            {active} filter{active === 1 ? '' : 's'} hide{active === 1 ? 's' : ''} {hidden ?? '…'}
          </span>{' '}
          <button type="button" className="link" data-testid="filter-summary-clear" onClick={() => changed({ ...DEFAULT_FILTERS, view: filters.view })}>
            Clear {active === 1 ? 'the filter' : 'the filters'}
          </button>
        </>
      )}
    </p>
  );
}
