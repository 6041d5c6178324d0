import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import type { UrgentLook } from '../../../src-shared/domain/review-alerts.js';
import { readsTables } from '../../infra/query-client.js';
import { call } from '../../ipc/call.js';

export const alertKeys = {
  status: () => ['notifications', 'status'] as const,
  urgentPending: () => ['notifications', 'urgent-pending'] as const,
};

/** Who shows desktop alerts in this shell (fixed for the process's life, so read once). */
export function notificationsStatusQuery(api: OpsApi) {
  return queryOptions({
    queryKey: alertKeys.status(),
    queryFn: () => call(api, 'ops:notifications.status', {}),
  });
}

/** How many of the newest urgent items each look reads. */
const LOOK_LIMIT = 100;

/** The newest high and critical logs waiting for review (refetched when `healing_logs` changes). */
export function urgentPendingQuery(api: OpsApi) {
  return queryOptions({
    queryKey: alertKeys.urgentPending(),
    queryFn: async (): Promise<UrgentLook> => {
      const page = await call(api, 'ops:triage.page', {
        filters: { status: ['pending_review'], severity: ['high', 'critical'] },
        sort: 'newest',
        limit: LOOK_LIMIT,
      });
      return {
        complete: page.total <= page.items.length,
        items: page.items.map(({ log }) => ({
          id: log.id,
          severity: log.issue_severity,
          issue: log.detected_issue,
          pluginId: log.plugin_id,
          createdAt: log.created_at,
        })),
      };
    },
    meta: readsTables('healing_logs'),
  });
}
