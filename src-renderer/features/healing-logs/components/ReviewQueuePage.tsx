import { useMemo } from 'react';
import { TriageWorkspace } from './TriageWorkspace.js';
import { useLogFilters } from '../filter-store.js';
import { toTriageFilters } from '../log-filters.js';
import { SeverityCounts } from './SeverityCounts.js';

/** The logs waiting for a human, most urgent first: most severe, then waiting longest, then least confident. */
export function ReviewQueuePage() {
  const filters = useLogFilters();
  // The counts show the whole queue under the other filters, so the severity chips stay meaningful.
  const countFilters = useMemo(() => toTriageFilters({ ...filters, severity: [] }), [filters]);
  return (
    <TriageWorkspace
      label="Review queue"
      sort="urgency"
      summary={<SeverityCounts filters={countFilters} />}
      emptyView="Nothing waits for review. New proposals below the auto-apply threshold appear here as they arrive."
    />
  );
}
