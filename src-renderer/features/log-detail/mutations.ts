import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { reportError, reportInfo } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';

// Decisions go to the outbox (they work offline); the cache change notice that follows redraws the
// pane with its queued state, so these hooks do not touch the query cache.

const QUEUED = 'sent now if the backend is reachable, else queued until it is';

/** Approve a proposal waiting for review. */
export function useApproveDetailLogMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:decisions.approve'>) => call(api, 'ops:decisions.approve', request),
    onSuccess: () => reportInfo(`Approval recorded: ${QUEUED}.`),
    onError: (error) => reportError('approve the log (check the log is still waiting for review, then try again)', error),
  });
}

/** Apply an approved patch (ops). */
export function useApplyLogMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:decisions.apply'>) => call(api, 'ops:decisions.apply', request),
    onSuccess: () => reportInfo(`Apply recorded: ${QUEUED}.`),
    onError: (error) => reportError('apply the patch (only an approved log can be applied; refresh and try again)', error),
  });
}

/** Reject a proposal with a reason. */
export function useRejectDetailLogMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:decisions.reject'>) => call(api, 'ops:decisions.reject', request),
    onSuccess: () => reportInfo(`Rejection recorded: ${QUEUED}.`),
    onError: (error) => reportError('reject the log (a reason is required)', error),
  });
}

/** Roll an applied patch back to its snapshot (ops). */
export function useRollbackLogMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:decisions.rollback'>) => call(api, 'ops:decisions.rollback', request),
    onSuccess: () => reportInfo(`Rollback recorded: ${QUEUED}.`),
    onError: (error) => reportError('roll the patch back (only an applied patch can be rolled back)', error),
  });
}

/** Resume auto-apply for a paused rule on a plugin (ops): queued in the outbox like the decisions. */
export function useResumePauseMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:pauses.resume'>) => call(api, 'ops:pauses.resume', request),
    onSuccess: () => reportInfo(`Resume of auto-apply recorded: ${QUEUED}.`),
    onError: (error) => reportError('resume auto-apply (it may already be resumed; the banner shows the pause as the cache has it)', error),
  });
}

/** Send a resume the server refused again (a new idempotency key), or drop it. */
export function useRefusedResumeMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: async ({ id, choice }: { id: number; choice: 'retry' | 'dismiss' }): Promise<void> => {
      if (choice === 'retry') await call(api, 'ops:outbox.retry', { id });
      else await call(api, 'ops:outbox.dismiss', { id });
    },
    onSuccess: (_result, { choice }) => reportInfo(choice === 'retry' ? `Resume queued again: ${QUEUED}.` : 'Refused resume dropped.'),
    onError: (error) => reportError('act on the refused resume (the list refreshes by itself)', error),
  });
}
