import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { reportError, reportInfo } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';

const DONE: Record<IpcRequest<'ops:conflicts.resolve'>['resolution'], string> = {
  keep_mine: 'Your decision is queued again on the server’s current version.',
  take_theirs: 'The server’s row is kept; your decision is dropped.',
  discard: 'Your decision is discarded; the next sync refreshes the row.',
};

/** Resolve a conflict: keep mine, take theirs, or discard. */
export function useResolveConflictMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:conflicts.resolve'>) => call(api, 'ops:conflicts.resolve', request),
    onSuccess: (result) => reportInfo(DONE[result.resolution]),
    onError: (error) => reportError('resolve the conflict (it may already be resolved; the list refreshes by itself)', error),
  });
}
