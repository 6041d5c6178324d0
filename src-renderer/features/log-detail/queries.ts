import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

export const logDetailKeys = {
  all: ['log-detail'] as const,
  cached: (id: string) => [...logDetailKeys.all, 'cached', id] as const,
  remote: (id: string) => [...logDetailKeys.all, 'remote', id] as const,
  pauses: (id: string) => [...logDetailKeys.all, 'pauses', id] as const,
  preview: (id: string) => [...logDetailKeys.all, 'preview', id] as const,
  rollbackPreview: (id: string) => [...logDetailKeys.all, 'rollback-preview', id] as const,
};

/** The cached log with its plugin, snapshots and commands (works offline). */
export function logDetailQuery(api: OpsApi, id: string) {
  return queryOptions({
    queryKey: logDetailKeys.cached(id),
    queryFn: () => call(api, 'ops:logs.get', { id }),
    meta: readsTables('healing_logs', 'plugins', 'snapshots', 'commands', 'outbox', 'conflicts'),
  });
}

/** The audit trail, fetched by main from the backend; read again whenever the log or its commands change. */
export function logRemoteQuery(api: OpsApi, id: string) {
  return queryOptions({
    queryKey: logDetailKeys.remote(id),
    queryFn: () => call(api, 'ops:logDetail.remote', { id }),
    meta: readsTables('healing_logs', 'commands', 'pauses', 'sync_state'),
  });
}

/** Auto-apply pauses in force for this log's rule on its plugin, with a resume's local state. */
export function logPausesQuery(api: OpsApi, logId: string) {
  return queryOptions({
    queryKey: logDetailKeys.pauses(logId),
    queryFn: () => call(api, 'ops:pauses.forLog', { logId }),
    meta: readsTables('pauses', 'rules', 'healing_logs', 'outbox', 'conflicts'),
  });
}

/** What rolling the log back will do, asked when the confirmation opens (the backend's plan, else the cache's view). */
export function rollbackPreviewQuery(api: OpsApi, logId: string) {
  return queryOptions({
    queryKey: logDetailKeys.rollbackPreview(logId),
    queryFn: () => call(api, 'ops:logDetail.rollbackPreview', { id: logId }),
    meta: readsTables('healing_logs', 'pauses', 'rules', 'sync_state'),
    staleTime: 0,
    gcTime: 0,
  });
}

/**
 * What the log's patch changes: the cached preview, fetched by main first when it is missing or
 * outdated and a backend is connected. Read again when the log, its plugin or the previews change.
 */
export function logPreviewQuery(api: OpsApi, logId: string) {
  return queryOptions({
    queryKey: logDetailKeys.preview(logId),
    queryFn: () => call(api, 'ops:previews.forLog', { logId }),
    meta: readsTables('patch_previews', 'healing_logs', 'plugins', 'sync_state'),
  });
}
