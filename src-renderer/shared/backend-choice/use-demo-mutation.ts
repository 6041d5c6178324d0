import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useOpsApi } from '../../infra/bridge-context.js';
import { reportError } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';

/** Talk to the embedded demo backend (the welcome screen's choice, and Settings' way back to it). */
export function useDemoMutation() {
  const api = useOpsApi();
  const intl = useIntl();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => call(api, 'ops:settings.useDemo', {}),
    onError: (error) => reportError(intl.formatMessage({ id: 'backendChoice.demo.action' }), error),
    // Everything cached came from the previous backend, and the settings list the demo's profile now.
    onSettled: () => queryClient.invalidateQueries(),
  });
}
