import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useOpsApi } from '../../app/bridge-context.js';
import { reportError } from '../../app/notice-store.js';
import { call } from '../../ipc/call.js';
import { syncKeys } from './queries.js';

/** Pull and push now; the answer is the status after the round. */
export function useSyncNowMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api, 'ops:sync.now', {}),
    onSuccess: (status) => queryClient.setQueryData(syncKeys.status(), status),
    onError: (error) => reportError('sync', error),
  });
}
