import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useOpsApi } from '../../infra/bridge-context.js';
import { currentIntl } from '../../infra/i18n/intl.js';
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
    onError: (error) => reportError(currentIntl().formatMessage({ id: 'syncStatus.action.sync' }), error),
  });
}
