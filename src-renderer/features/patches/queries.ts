import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

/** What the Patches screen reads: the registry, its versions, the field figures, and the outbox's decisions on them. */
const REGISTRY_TABLES = ['sdk_patches', 'sdk_patch_versions', 'patch_stats', 'outbox', 'conflicts'] as const;

export type PatchListRequest = IpcRequest<'ops:patches.list'>;

export const patchKeys = {
  all: ['patches'] as const,
  list: (request: PatchListRequest) => [...patchKeys.all, 'list', request] as const,
  detail: (patchId: string) => [...patchKeys.all, 'detail', patchId] as const,
};

/** The registry's patches under the filters and sort, with their figures and the figures' age. */
export function patchListQuery(api: OpsApi, request: PatchListRequest) {
  return queryOptions({
    queryKey: patchKeys.list(request),
    queryFn: () => call(api, 'ops:patches.list', request),
    meta: readsTables(...REGISTRY_TABLES),
    // While a new filter's rows load, the previous ones stay instead of a blank table.
    placeholderData: keepPreviousData,
  });
}

/** One patch with every version, newest first. */
export function patchDetailQuery(api: OpsApi, patchId: string) {
  return queryOptions({
    queryKey: patchKeys.detail(patchId),
    queryFn: () => call(api, 'ops:patches.detail', { patchId }),
    meta: readsTables(...REGISTRY_TABLES),
  });
}
