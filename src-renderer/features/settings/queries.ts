import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

export const settingsKeys = {
  all: ['settings'] as const,
  view: () => [...settingsKeys.all, 'view'] as const,
};

/** The backend profiles (never their tokens), the active one, and how tokens are stored. */
export function settingsQuery(api: OpsApi) {
  return queryOptions({
    queryKey: settingsKeys.view(),
    queryFn: () => call(api, 'ops:settings.get', {}),
    meta: readsTables('profiles'),
  });
}
