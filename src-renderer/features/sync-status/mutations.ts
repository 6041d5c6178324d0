import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useOpsApi } from '../../infra/bridge-context.js';
import { reportError } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';
import { syncKeys } from '../../infra/sync-status.js';

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
