import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { reportError } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';

// Decisions go to the outbox in the main process; the cache change notice that follows refreshes the
// list, so these hooks neither patch nor invalidate queries themselves.

/** Approve a healing log (queued, sent when the backend is reachable). */
export function useApproveLogMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:decisions.approve'>) => call(api, 'ops:decisions.approve', request),
    onError: (error) => reportError('approve the log', error),
  });
}

/** Reject a healing log with a reason (queued like an approval). */
export function useRejectLogMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:decisions.reject'>) => call(api, 'ops:decisions.reject', request),
    onError: (error) => reportError('reject the log', error),
  });
}

/** What a bulk decision did: how many were queued and which calls failed (with why). */
export interface BulkOutcome {
  queued: number;
  failed: { logId: string; message: string }[];
}

/**
 * Approve or reject several logs, one queued decision each (in the order given). A refusal of one
 * does not stop the rest; the outcome lists each failure, and the error reporter says how many.
 */
export function useBulkDecisionMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: async (request: { action: 'approve' | 'reject'; logIds: readonly string[]; reason?: string }): Promise<BulkOutcome> => {
      const outcome: BulkOutcome = { queued: 0, failed: [] };
      for (const logId of request.logIds) {
        try {
          if (request.action === 'approve') await call(api, 'ops:decisions.approve', { logId });
          else await call(api, 'ops:decisions.reject', { logId, reason: request.reason ?? '' });
          outcome.queued++;
        } catch (error) {
          outcome.failed.push({ logId, message: error instanceof Error ? error.message : String(error) });
        }
      }
      if (outcome.failed.length > 0) {
        reportError(`${request.action} ${outcome.failed.length} of ${request.logIds.length} logs`, new Error(outcome.failed[0]!.message));
      }
      return outcome;
    },
    onError: (error) => reportError('apply the bulk decision', error),
  });
}
