import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ConnectionTest } from '../../../src-shared/ipc/settings.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { call } from '../../ipc/call.js';

export interface BackendEntry {
  name: string;
  url: string;
  token: string;
}

const tokenOrNothing = (token: string) => (token === '' ? {} : { token });

/** Tries the typed URL and token in the main process; the answer says what failed, if anything. */
export function useTestConnectionMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (entry: BackendEntry) => call(api, 'ops:settings.testConnection', { url: entry.url, ...tokenOrNothing(entry.token) }),
  });
}

/**
 * Connects to the typed backend: tests it first, and only when it answers as expected saves it as a
 * profile (the token goes to main's secret store) and switches to it. A failed test is the answer.
 */
export function useConnectMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (entry: BackendEntry): Promise<ConnectionTest> => {
      const test = await call(api, 'ops:settings.testConnection', { url: entry.url, ...tokenOrNothing(entry.token) });
      if (!test.ok) return test;
      const url = entry.url.trim();
      const profile = await call(api, 'ops:settings.saveProfile', { name: entry.name.trim() || new URL(url).host, url, token: entry.token });
      await call(api, 'ops:settings.switchProfile', { id: profile.id });
      return test;
    },
    onSuccess: (test) => (test.ok ? queryClient.invalidateQueries() : undefined),
  });
}
