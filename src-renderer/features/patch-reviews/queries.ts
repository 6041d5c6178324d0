import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

export const patchReviewKeys = {
  all: ['patch-reviews'] as const,
  queue: () => [...patchReviewKeys.all, 'queue'] as const,
};

/** The patch versions waiting for review, with their diff bases and dry runs (all from the cache: offline too). */
export function reviewQueueQuery(api: OpsApi) {
  return queryOptions({
    queryKey: patchReviewKeys.queue(),
    queryFn: () => call(api, 'ops:patches.reviewQueue', {}),
    meta: readsTables('sdk_patches', 'sdk_patch_versions', 'patch_stats', 'outbox', 'conflicts', 'sync_state'),
  });
}
