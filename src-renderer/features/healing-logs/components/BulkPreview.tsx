import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { TRIAGE_PAGE_MAX } from '../../../../src-shared/ipc/triage.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { syncStatusQuery } from '../../../infra/sync-status.js';
import { planBulk, type ReviewAction } from '../decidability.js';
import { useBulkDecisionMutation, type BulkOutcome } from '../mutations.js';
import { logsByIdsQuery } from '../queries.js';

const VERB: Record<ReviewAction, { doing: string; done: string }> = {
  approve: { doing: 'approved', done: 'approvals' },
  reject: { doing: 'rejected', done: 'rejections' },
};

/**
 * What a bulk action will do before it is done: how many logs it acts on and which it skips and
 * why (their state does not allow it). Confirming queues one decision per log; the checks remain.
 */
export function BulkPreview({ action, ids, onClose }: { action: ReviewAction; ids: string[]; onClose(): void }) {
  const api = useOpsApi();
  const limited = ids.slice(0, TRIAGE_PAGE_MAX);
  const rows = useQuery(logsByIdsQuery(api, limited));
  const reviewer = useQuery({ ...syncStatusQuery(api), select: (status) => status.identity?.name ?? null }).data ?? null;
  const bulk = useBulkDecisionMutation();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);
  const plan = useMemo(() => (rows.data ? planBulk(limited, rows.data.items, action, reviewer) : null), [rows.data, limited.join(), action, reviewer]);

  if (rows.isPending) return <p className="muted" role="status">Checking the checked logs…</p>;
  if (rows.isError || !plan) return <p className="error" role="alert">The checked logs could not be read: {rows.error?.message}</p>;

  const confirm = () =>
    bulk.mutate(
      { action, logIds: plan.eligible.map((row) => row.log.id), ...(action === 'reject' ? { reason } : {}) },
      { onSuccess: setOutcome },
    );
  const needsReason = action === 'reject' && reason.trim() === '';
  return (
    <div className="bulk-preview" role="region" aria-label={`Preview of the bulk ${action}`} data-testid="bulk-preview" data-action={action}>
      {outcome ? (
        <p data-testid="bulk-outcome" data-queued={outcome.queued} data-failed={outcome.failed.length} role="status">
          Queued {outcome.queued} {VERB[action].done}
          {outcome.failed.length > 0 ? `; ${outcome.failed.length} failed (${outcome.failed[0]!.message})` : ''}. The rows show their sync state; the
          checks stay so you can act on the rest.
        </p>
      ) : (
        <>
          <p>
            <strong data-testid="bulk-eligible" data-value={plan.eligible.length}>
              {plan.eligible.length} will be {VERB[action].doing}
            </strong>
            {plan.skipped.length > 0 && (
              <span data-testid="bulk-skipped" data-value={plan.skipped.length}>
                ; {plan.skipped.length} skipped
              </span>
            )}
            {plan.missing > 0 && <span>; {plan.missing} no longer cached</span>}
            {ids.length > limited.length && <span>; only the first {limited.length} checked are handled at once</span>}.
          </p>
          {plan.skipped.length > 0 && (
            <ul className="bulk-skipped-list">
              {plan.skipped.map(({ row, reason: why }) => (
                <li key={row.log.id} data-testid="bulk-skipped-item" data-log-id={row.log.id}>
                  <span className="mono">{row.log.plugin_id}</span> {row.log.detected_issue.slice(0, 60)}: {why}
                </li>
              ))}
            </ul>
          )}
          {action === 'reject' && (
            <label className="bulk-reason">
              Reason for rejecting them all
              <input data-testid="bulk-reason" value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
            </label>
          )}
        </>
      )}
      <div className="form-actions">
        {!outcome && (
          <button type="button" data-testid="bulk-confirm" disabled={plan.eligible.length === 0 || needsReason || bulk.isPending} onClick={confirm}>
            {action === 'approve' ? 'Approve' : 'Reject'} {plan.eligible.length}
          </button>
        )}
        <button type="button" data-testid="bulk-cancel" onClick={onClose}>
          {outcome ? 'Close' : 'Cancel'}
        </button>
      </div>
    </div>
  );
}
