import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import type { BulkDecisionItem } from '../../../src-shared/ipc/decisions.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { announceBulk, announceDecisionFailure, logCount, logName, useDecisionMutation } from '../../infra/decision-notice.js';
import { currentIntl } from '../../infra/i18n/intl.js';
import { reportError, reportInfo } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';
import { downloadCsv } from '../../shared/csv-download.js';
import { checks } from './check-store.js';

// Decisions go to the outbox in the main process; the cache change notice that follows refreshes the
// list, so these hooks neither patch nor invalidate queries themselves. Each decision's one notice
// comes from `decision-notice.ts`.

const nameOfLog = ({ logId }: { logId: string }) => logName(logId, null);

/** Approve a healing log (queued, sent when the backend is reachable). */
export function useApproveLogMutation() {
  return useDecisionMutation('ops:decisions.approve', () => 'approve', nameOfLog);
}

/** Reject a healing log with a reason (queued like an approval). */
export function useRejectLogMutation() {
  return useDecisionMutation('ops:decisions.reject', () => 'reject', nameOfLog);
}

/** What a bulk decision did, per log, and which logs it left checked (those that failed). */
export interface BulkOutcome {
  items: BulkDecisionItem[];
  /** Decided logs (sent or queued): they leave the checks. */
  decided: string[];
  /** Logs not decided, by name, with why: they stay checked. */
  failed: { logId: string; message: string }[];
}

/** Splits a bulk answer into what was decided and what failed (and why). */
export function bulkOutcome(items: readonly BulkDecisionItem[]): BulkOutcome {
  const outcome: BulkOutcome = { items: [...items], decided: [], failed: [] };
  for (const item of items) {
    if (!item.queued) outcome.failed.push({ logId: item.logId, message: item.error });
    else if (item.receipt.delivery.status === 'conflict' || item.receipt.delivery.status === 'refused')
      outcome.failed.push({ logId: item.logId, message: item.receipt.delivery.message });
    else outcome.decided.push(item.logId);
  }
  return outcome;
}

/**
 * Approve or reject several logs in one call (one queued decision each, in the order given; a
 * refusal of one does not stop the rest). The decided logs leave the checks, the failed ones stay;
 * one notice tells how many were sent, queued, and which failed.
 */
export function useBulkDecisionMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: async ({ names, ...request }: IpcRequest<'ops:decisions.bulk'> & { names: ReadonlyMap<string, string | null> }) => {
      const { items } = await call(api, 'ops:decisions.bulk', request);
      announceBulk(request.action, items, names);
      const outcome = bulkOutcome(items);
      checks.checksDecided(outcome.decided);
      return outcome;
    },
    onError: (error, { action, logIds }) => announceDecisionFailure(action, logCount(logIds.length), error),
  });
}

/** Exports the logs under the table's filters and order as a CSV file, downloaded at once. */
export function useExportLogsMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: async (request: IpcRequest<'ops:triage.exportCsv'>) => {
      const file = await call(api, 'ops:triage.exportCsv', request);
      downloadCsv(file);
      reportInfo(currentIntl().formatMessage({ id: 'logs.export.done' }, { count: file.rows, filename: file.filename }));
      return file;
    },
    onError: (error) => reportError(currentIntl().formatMessage({ id: 'logs.export.action' }), error),
  });
}
