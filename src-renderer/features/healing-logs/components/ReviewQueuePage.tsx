import { useIntl } from 'react-intl';
import { useMemo } from 'react';
import { TriageWorkspace } from './TriageWorkspace.js';
import { useLogFilters } from '../filter-store.js';
import { toTriageFilters } from '../log-filters.js';
import { SeverityCounts } from './SeverityCounts.js';

/** The logs waiting for a human, most urgent first: most severe, then waiting longest, then least confident. */
export function ReviewQueuePage() {
  const intl = useIntl();
  const filters = useLogFilters();
  // The counts show the whole queue under the other filters, so the severity chips stay meaningful.
  const countFilters = useMemo(() => toTriageFilters({ ...filters, severity: [] }), [filters]);
  return (
    <TriageWorkspace
      label={intl.formatMessage({ id: 'logs.queue.label' })}
      sort="urgency"
      summary={<SeverityCounts filters={countFilters} />}
      emptyView={intl.formatMessage({ id: 'logs.queue.empty' })}
    />
  );
}
