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

/** What a rollout view reads: the cached rollouts and their age, the outbox's decisions on them, the registry (signatures). */
const ROLLOUT_TABLES = ['patch_rollouts', 'rollout_snapshots', 'outbox', 'conflicts', 'sdk_patches'] as const;

export const rolloutKeys = {
  all: ['rollouts'] as const,
  list: () => [...rolloutKeys.all, 'list'] as const,
  forPatch: (patchId: string) => [...rolloutKeys.all, 'patch', patchId] as const,
};

/** Every cached rollout (the latest per patch), with its pending decision and the rollouts' age. */
export function rolloutListQuery(api: OpsApi) {
  return queryOptions({
    queryKey: rolloutKeys.list(),
    queryFn: () => call(api, 'ops:rollouts.list', {}),
    meta: readsTables(...ROLLOUT_TABLES),
  });
}

/** One patch's rollout as cached (null: none), with its age. */
export function patchRolloutQuery(api: OpsApi, patchId: string) {
  return queryOptions({
    queryKey: rolloutKeys.forPatch(patchId),
    queryFn: () => call(api, 'ops:rollouts.forPatch', { patchId }),
    meta: readsTables(...ROLLOUT_TABLES),
  });
}
