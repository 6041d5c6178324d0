import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { currentIntl } from '../../infra/i18n/intl.js';
import { reportError, reportInfo } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';
import { settingsKeys } from './queries.js';

// Profiles live in the settings file, not in the cache, so no `cache.changed` notice follows a
// change: these hooks invalidate the settings query themselves.

/** Create or update a backend profile (the token is write-only). */
export function useSaveProfileMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:settings.saveProfile'>) => call(api, 'ops:settings.saveProfile', request),
    onSuccess: (profile) => reportInfo(currentIntl().formatMessage({ id: 'settings.saved' }, { name: profile.name })),
    onError: (error) => reportError(currentIntl().formatMessage({ id: 'settings.action.save' }), error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.all }),
  });
}

/** Delete a profile that is not active. */
export function useDeleteProfileMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api, 'ops:settings.deleteProfile', { id }),
    onError: (error) => reportError(currentIntl().formatMessage({ id: 'settings.action.delete' }), error),
    onSettled: () => queryClient.invalidateQueries({ queryKey: settingsKeys.all }),
  });
}

/** Talk to another backend: the cache empties and fills again from it. */
export function useSwitchProfileMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api, 'ops:settings.switchProfile', { id }),
    onError: (error) => reportError(currentIntl().formatMessage({ id: 'settings.action.switch' }), error),
    // Everything cached came from the previous backend.
    onSettled: () => queryClient.invalidateQueries(),
  });
}
