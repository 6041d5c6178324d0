import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

export const conflictKeys = {
  all: ['conflicts'] as const,
  list: () => [...conflictKeys.all, 'list'] as const,
};

/** Open conflicts of the active profile: your decision and the server's row now. */
export function conflictListQuery(api: OpsApi) {
  return queryOptions({
    queryKey: conflictKeys.list(),
    queryFn: () => call(api, 'ops:conflicts.list', {}),
    meta: readsTables('conflicts'),
  });
}
