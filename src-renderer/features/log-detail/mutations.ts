import { useMutation } from '@tanstack/react-query';
import { logName, subjectName, useDecisionMutation } from '../../infra/decision-notice.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { currentIntl } from '../../infra/i18n/intl.js';
import { reportError, reportInfo } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';

// Decisions go to the outbox (they work offline); the cache change notice that follows redraws the
// pane with its queued state, so these hooks do not touch the query cache. Each decision's one notice
// (sent, queued, conflict, refused) comes from `useDecisionMutation`.

const nameOfLog = ({ logId }: { logId: string }) => logName(logId, null);

/** Approve a proposal waiting for review. */
export function useApproveDetailLogMutation() {
  return useDecisionMutation('ops:decisions.approve', () => 'approve', nameOfLog);
}

/** Apply an approved patch (ops). */
export function useApplyLogMutation() {
  return useDecisionMutation('ops:decisions.apply', () => 'apply', nameOfLog);
}

/** Reject a proposal with a reason. */
export function useRejectDetailLogMutation() {
  return useDecisionMutation('ops:decisions.reject', () => 'reject', nameOfLog);
}

/** Roll an applied patch back to its snapshot (ops). */
export function useRollbackLogMutation() {
  return useDecisionMutation('ops:decisions.rollback', () => 'rollback', nameOfLog);
}

/** Resume auto-apply for a paused rule on a plugin (ops): queued in the outbox like the decisions. */
export function useResumePauseMutation() {
  return useDecisionMutation('ops:pauses.resume', () => 'resume', ({ id }) => subjectName({ kind: 'pause', id, pluginId: null }));
}

/** Send a resume the server refused again (a new idempotency key), or drop it. */
export function useRefusedResumeMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: async ({ id, choice }: { id: number; choice: 'retry' | 'dismiss' }): Promise<void> => {
      if (choice === 'retry') await call(api, 'ops:outbox.retry', { id });
      else await call(api, 'ops:outbox.dismiss', { id });
    },
    onSuccess: (_result, { choice }) =>
      reportInfo(currentIntl().formatMessage({ id: choice === 'retry' ? 'logDetail.pause.retried' : 'logDetail.pause.dropped' })),
    onError: (error) => reportError(currentIntl().formatMessage({ id: 'logDetail.pause.actionFailed' }), error),
  });
}
