import { queryOptions } from '@tanstack/react-query';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { readsTables } from '../../app/query-client.js';
import { call } from '../../ipc/call.js';
import type { ReviewAlertItem } from './review-alerts.js';

export const alertKeys = {
  urgentPending: () => ['notifications', 'urgent-pending'] as const,
};

/** The newest high and critical logs waiting for review (refetched when `healing_logs` changes). */
export function urgentPendingQuery(api: OpsApi) {
  return queryOptions({
    queryKey: alertKeys.urgentPending(),
    queryFn: async (): Promise<ReviewAlertItem[]> => {
      const page = await call(api, 'ops:logs.list', { status: ['pending_review'], severity: ['high', 'critical'], sort: 'newest', limit: 100 });
      return page.items.map(({ log }) => ({ id: log.id, severity: log.issue_severity, issue: log.detected_issue, pluginId: log.plugin_id }));
    },
    meta: readsTables('healing_logs'),
  });
}
