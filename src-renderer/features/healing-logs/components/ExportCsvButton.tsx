import { useIntl } from 'react-intl';
import type { TriageFilters, TriageSort } from '../../../../src-shared/ipc/triage.js';
import { useExportLogsMutation } from '../mutations.js';

/** Exports the table as it is filtered and ordered now, as a CSV file. */
export function ExportCsvButton({ filters, sort }: { filters: TriageFilters; sort: TriageSort }) {
  const intl = useIntl();
  const exportCsv = useExportLogsMutation();
  return (
    <button
      type="button"
      className="export-csv"
      data-testid="logs-export-csv"
      title={intl.formatMessage({ id: 'logs.export.label' })}
      disabled={exportCsv.isPending}
      onClick={() => exportCsv.mutate({ filters, sort })}
    >
      {intl.formatMessage({ id: 'logs.export.button' })}
    </button>
  );
}
