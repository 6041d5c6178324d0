import { useState } from 'react';
import { hasApproved, isDecisionAllowed } from '../../../../src-shared/domain/review-rules.js';
import type { CachedLog } from '../../../../src-shared/ipc/model.js';
import { usePageSelected } from '../../../shared/navigation-store.js';
import { RejectReasonForm } from '../../../shared/components/RejectReasonForm.js';
import { Icon } from '../../../shared/components/icons.js';
import { useApplyLogMutation, useApproveDetailLogMutation, useRejectDetailLogMutation, useRollbackLogMutation } from '../mutations.js';
import { ConfirmPanel } from './ConfirmPanel.js';
import { RollbackConfirmation } from './RollbackConfirmation.js';

type Open = 'none' | 'reject' | 'confirm-apply' | 'confirm-rollback';

const RISKY = new Set(['high', 'critical']);

/** Where a queued, refused or conflicting decision stands, in words. */
function LocalStateNote({ item }: { item: CachedLog }) {
  const pageSelected = usePageSelected();
  if (item.localState === 'synced') return null;
  const action = item.pending?.decision.action;
  return (
    <div className={`local-note local-note-${item.localState}`} role="status" data-testid="detail-local-state" data-value={item.localState}>
      {item.localState === 'queued' && <><Icon name="hourglass" /> Your {action ?? 'decision'} is queued; it is sent as soon as the backend is reachable.</>}
      {item.localState === 'rejected' && (
        <>
          <Icon name="cross" /> The server refused your {action ?? 'decision'}: {item.pending?.lastError ?? 'no reason given'}. Look at the log's current state,
          then retry or dismiss it from the outbox.
        </>
      )}
      {item.localState === 'conflict' && (
        <>
          <Icon name="warning" /> The server changed this log after you decided.{' '}
          <button type="button" className="link" data-testid="open-conflicts" onClick={() => pageSelected('conflicts')}>
            Resolve it in Conflicts
          </button>
        </>
      )}
    </div>
  );
}

/** Approve, apply, reject and roll back: one click each, with a confirmation for rollback and risky applies. */
export function DetailActions({ item, me }: { item: CachedLog; me: string | null }) {
  const { log } = item;
  const [open, setOpen] = useState<Open>('none');
  const approve = useApproveDetailLogMutation();
  const apply = useApplyLogMutation();
  const rollback = useRollbackLogMutation();
  const reject = useRejectDetailLogMutation();
  const synced = item.localState === 'synced';
  // The console knows its reviewer by name only (whoami does not give the token's id).
  const approvedByMe = me !== null && hasApproved(log.approvals, { name: me });
  const canApprove = isDecisionAllowed(log.status, 'approve');
  const canReject = isDecisionAllowed(log.status, 'reject');
  const canApply = isDecisionAllowed(log.status, 'apply');
  const canRollback = isDecisionAllowed(log.status, 'rollback');
  const close = () => setOpen('none');

  const doApply = () => apply.mutate({ logId: log.id }, { onSuccess: close });

  return (
    <section className="detail-section" aria-label="Actions" data-testid="detail-actions">
      <LocalStateNote item={item} />
      <div className="button-row">
        {canApprove && (
          <button
            type="button"
            className="primary"
            data-testid="detail-approve"
            disabled={!synced || approvedByMe || approve.isPending}
            title={approvedByMe ? 'You have approved it already' : undefined}
            onClick={() => approve.mutate({ logId: log.id })}
          >
            Approve
          </button>
        )}
        {canReject && (
          <button type="button" data-testid="detail-reject" disabled={!synced} onClick={() => setOpen('reject')}>
            Reject…
          </button>
        )}
        {canApply && (
          <button
            type="button"
            className="primary"
            data-testid="detail-apply"
            disabled={!synced || apply.isPending}
            onClick={() => (RISKY.has(log.issue_severity) ? setOpen('confirm-apply') : doApply())}
          >
            Apply patch
          </button>
        )}
        {canRollback && (
          <button type="button" className="danger" data-testid="detail-rollback" disabled={!synced} onClick={() => setOpen('confirm-rollback')}>
            Roll back…
          </button>
        )}
        {!canApprove && !canReject && !canApply && !canRollback && (
          <span className="muted">No action: a {log.status.replace('_', ' ')} log is final or in progress.</span>
        )}
      </div>
      {open === 'reject' && (
        <RejectReasonForm
          title="Reject this proposal?"
          headingLevel={4}
          testIdPrefix="detail-"
          className="detail-reject"
          busy={reject.isPending}
          onSubmit={(reason) => reject.mutate({ logId: log.id, reason }, { onSuccess: close })}
          onCancel={close}
        />
      )}
      {open === 'confirm-apply' && (
        <ConfirmPanel title={`Apply a ${log.issue_severity} patch?`} confirmLabel="Apply patch" busy={apply.isPending} onConfirm={doApply} onCancel={close}>
          The plugin {log.plugin_id} receives an apply_patch command; a snapshot is taken first so it can be rolled back.
        </ConfirmPanel>
      )}
      {open === 'confirm-rollback' && (
        <RollbackConfirmation
          log={log}
          busy={rollback.isPending}
          onConfirm={(request) => rollback.mutate({ logId: log.id, ...request }, { onSuccess: close })}
          onCancel={close}
        />
      )}
    </section>
  );
}
