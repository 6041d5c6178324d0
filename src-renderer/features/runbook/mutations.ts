import { useMutation } from '@tanstack/react-query';
import type { RunbookTable } from '../../../src-shared/schemas/sdk-field.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { currentIntl } from '../../infra/i18n/intl.js';
import { reportError } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';
import { downloadCsv } from '../../shared/csv-download.js';

/** Exports one runbook table as a CSV file, downloaded at once. */
export function useExportRunbookTableMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: async (table: RunbookTable) => downloadCsv(await call(api, 'ops:runbook.exportCsv', { table })),
    onError: (error, table) =>
      reportError(currentIntl().formatMessage({ id: 'runbook.export.action' }, { table: currentIntl().formatMessage({ id: `runbook.table.${table}` }) }), error),
  });
}
