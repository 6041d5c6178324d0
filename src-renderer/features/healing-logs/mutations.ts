import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../app/bridge-context.js';
import { reportError } from '../../app/notice-store.js';
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
