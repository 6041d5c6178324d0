import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

/** Drafts live on this workstation only: their queries are invalidated by the editor's own mutations. */
export const patchEditorKeys = {
  all: ['patch-editor'] as const,
  drafts: () => [...patchEditorKeys.all, 'drafts'] as const,
  draft: (draftId: string) => [...patchEditorKeys.drafts(), draftId] as const,
  unpatched: () => [...patchEditorKeys.all, 'unpatched'] as const,
  patch: (patchId: string) => [...patchEditorKeys.all, 'patch', patchId] as const,
};

/** This workstation's drafts. */
export function draftListQuery(api: OpsApi) {
  return queryOptions({
    queryKey: patchEditorKeys.drafts(),
    queryFn: () => call(api, 'ops:drafts.list', {}),
    meta: readsTables('patch_drafts'),
  });
}

/** One draft as last saved: read once when it opens (the editor then owns its text). */
export function draftQuery(api: OpsApi, draftId: string) {
  return queryOptions({
    queryKey: patchEditorKeys.draft(draftId),
    queryFn: () => call(api, 'ops:drafts.get', { draftId }),
  });
}

/** The SDK errors no patch answered (7 days), most frequent first. */
export function unpatchedQuery(api: OpsApi) {
  return queryOptions({
    queryKey: patchEditorKeys.unpatched(),
    queryFn: () => call(api, 'ops:patches.unpatched', {}),
    meta: readsTables('unpatched_lookups', 'field_snapshots'),
  });
}

/** A registry patch with its versions (the diff base of a new version). */
export function patchDetailQuery(api: OpsApi, patchId: string) {
  return queryOptions({
    queryKey: patchEditorKeys.patch(patchId),
    queryFn: () => call(api, 'ops:patches.detail', { patchId }),
    meta: readsTables('sdk_patches', 'sdk_patch_versions'),
  });
}
