import { FormattedMessage, useIntl } from 'react-intl';
import { useMemo, useRef, type ReactNode } from 'react';
import type { TriageSort } from '../../../../src-shared/ipc/triage.js';
import { useLogFilters } from '../filter-store.js';
import { activeFilterCount, toTriageFilters } from '../log-filters.js';
import { BulkActionBar } from './BulkActionBar.js';
import { ExportCsvButton } from './ExportCsvButton.js';
import { FilterBar } from './FilterBar.js';
import { FilterSummary } from './FilterSummary.js';
import { LogTable } from './LogTable.js';
import { RejectDialog } from './RejectDialog.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';

interface TriageWorkspaceProps {
  label: string;
  sort: TriageSort;
  /** Shown above the filters (the review queue's counts per severity). */
  summary?: ReactNode;
  /** What to say when nothing at all is in this view. */
  emptyView: ReactNode;
}

/** The filters, bulk bar, table and dialogs that both the review queue and the all-logs view use. */
export function TriageWorkspace({ label, sort, summary, emptyView }: TriageWorkspaceProps) {
  const intl = useIntl();
  const filters = useLogFilters();
  const request = useMemo(() => toTriageFilters(filters), [filters]);
  const searchRef = useRef<HTMLInputElement>(null);
  const filtered = activeFilterCount(filters) > 0;
  return (
    <>
      <div className="triage-summary">
        <FilterSummary />
        {summary}
        <ExportCsvButton filters={request} sort={sort} />
      </div>
      <FilterBar searchRef={searchRef} />
      <BulkActionBar />
      <RejectDialog />
      <ShortcutsDialog />
      <LogTable
        label={label}
        filters={request}
        sort={sort}
        searchRef={searchRef}
        empty={filtered ? intl.formatMessage({ id: 'logs.filteredEmpty' }) : emptyView}
      />
      <p className="muted small shortcut-hint">
        <FormattedMessage id="logs.shortcutHint" values={{ kbd: (chunks) => <kbd>{chunks}</kbd> }} />
      </p>
    </>
  );
}
