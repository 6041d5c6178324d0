import { FormattedMessage, useIntl } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { useFiltersChanged, useLogFilters } from '../filter-store.js';
import { activeFilterCount, DEFAULT_FILTERS, toTriageFilters } from '../log-filters.js';
import { severityCountsQuery } from '../queries.js';
import '../filter-summary.css';

/**
 * How many logs the view shows and, when its filters narrow it, how many they hide, with a way to
 * clear them: "0 waiting · 1 filter hides 65". Both counts come from the index-only severity counts.
 */
export function FilterSummary() {
  const intl = useIntl();
  const api = useOpsApi();
  const filters = useLogFilters();
  const changed = useFiltersChanged();
  const active = activeFilterCount(filters);
  const shownFilters = useMemo(() => toTriageFilters(filters), [filters]);
  const everyFilters = useMemo(() => toTriageFilters({ ...DEFAULT_FILTERS, view: filters.view }), [filters.view]);
  const shown = useQuery(severityCountsQuery(api, shownFilters));
  const every = useQuery({ ...severityCountsQuery(api, everyFilters), enabled: active > 0 });
  const hidden = active > 0 && shown.data && every.data ? Math.max(0, every.data.total - shown.data.total) : null;
  if (shown.isError) return (
      <p className="error" role="alert">
        {intl.formatMessage({ id: 'logs.summary.countsFailed' }, { message: shown.error.message })}
      </p>
    );
  return (
    <p className="filter-summary" role="status" data-testid="filter-summary" data-shown={shown.data?.total} data-hidden={hidden ?? 0} data-active={active}>
      <FormattedMessage
        id="logs.summary.shown"
        values={{ strong: (chunks) => <strong>{chunks}</strong>, count: shown.data ? intl.formatNumber(shown.data.total) : '…', view: filters.view }}
      />
      {active > 0 && (
        <>
          {' · '}
          <span data-testid="filter-hidden">
            {intl.formatMessage({ id: 'logs.summary.hidden' }, { active, hidden: hidden === null ? '…' : intl.formatNumber(hidden) })}
          </span>{' '}
          <button type="button" className="link" data-testid="filter-summary-clear" onClick={() => changed({ ...DEFAULT_FILTERS, view: filters.view })}>
            {intl.formatMessage({ id: 'logs.summary.clear' }, { active })}
          </button>
        </>
      )}
    </p>
  );
}
