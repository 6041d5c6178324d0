import { useState } from 'react';
import { useIntl } from 'react-intl';
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
  const intl = useIntl();
  if (item.localState === 'synced') return null;
  const decision = intl.formatMessage({ id: 'logDetail.actions.decision' }, { action: item.pending?.decision.action ?? 'none' });
  return (
    <div className={`local-note local-note-${item.localState}`} role="status" data-testid="detail-local-state" data-value={item.localState}>
      {item.localState === 'queued' && (
        <>
          <Icon name="hourglass" /> {intl.formatMessage({ id: 'logDetail.actions.queued' }, { decision })}
        </>
      )}
      {item.localState === 'rejected' && (
        <>
          <Icon name="cross" />{' '}
          {intl.formatMessage(
            { id: 'logDetail.actions.refused' },
            { decision, reason: item.pending?.lastError ?? intl.formatMessage({ id: 'logDetail.actions.noReason' }) },
          )}
        </>
      )}
      {item.localState === 'conflict' && (
        <>
          <Icon name="warning" /> {intl.formatMessage({ id: 'logDetail.actions.conflict' })}{' '}
          <button type="button" className="link" data-testid="open-conflicts" onClick={() => pageSelected('conflicts')}>
            {intl.formatMessage({ id: 'logDetail.actions.openConflicts' })}
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
  const intl = useIntl();
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
    <section className="detail-section" aria-label={intl.formatMessage({ id: 'logDetail.actions.label' })} data-testid="detail-actions">
      <LocalStateNote item={item} />
      <div className="button-row">
        {canApprove && (
          <button
            type="button"
            className="primary"
            data-testid="detail-approve"
            disabled={!synced || approvedByMe || approve.isPending}
            title={approvedByMe ? intl.formatMessage({ id: 'logDetail.actions.approvedAlready' }) : undefined}
            onClick={() => approve.mutate({ logId: log.id })}
          >
            {intl.formatMessage({ id: 'logDetail.actions.approve' })}
          </button>
        )}
        {canReject && (
          <button type="button" data-testid="detail-reject" disabled={!synced} onClick={() => setOpen('reject')}>
            {intl.formatMessage({ id: 'logDetail.actions.reject' })}
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
            {intl.formatMessage({ id: 'logDetail.actions.apply' })}
          </button>
        )}
        {canRollback && (
          <button type="button" className="danger" data-testid="detail-rollback" disabled={!synced} onClick={() => setOpen('confirm-rollback')}>
            {intl.formatMessage({ id: 'logDetail.actions.rollback' })}
          </button>
        )}
        {!canApprove && !canReject && !canApply && !canRollback && (
          <span className="muted">{intl.formatMessage({ id: 'logDetail.actions.none' }, { status: intl.formatMessage({ id: `shared.status.${log.status}` }) })}</span>
        )}
      </div>
      {open === 'reject' && (
        <RejectReasonForm
          title={intl.formatMessage({ id: 'logDetail.actions.rejectTitle' })}
          headingLevel={4}
          testIdPrefix="detail-"
          className="detail-reject"
          busy={reject.isPending}
          onSubmit={(reason) => reject.mutate({ logId: log.id, reason }, { onSuccess: close })}
          onCancel={close}
        />
      )}
      {open === 'confirm-apply' && (
        <ConfirmPanel
          title={intl.formatMessage({ id: 'logDetail.actions.applyTitle' }, { severity: intl.formatMessage({ id: `shared.severity.${log.issue_severity}` }) })}
          confirmLabel={intl.formatMessage({ id: 'logDetail.actions.apply' })}
          busy={apply.isPending}
          onConfirm={doApply}
          onCancel={close}
        >
          {intl.formatMessage({ id: 'logDetail.actions.applyBody' }, { plugin: log.plugin_id })}
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
