import { useIntl } from 'react-intl';
import { approvalProgress } from '../../../../src-shared/domain/review-rules.js';
import type { TriageRow } from '../../../../src-shared/ipc/triage.js';
import { notDecidableText, whyNotDecidable } from '../decidability.js';
import { useApproveLogMutation } from '../mutations.js';
import { tableUi, useIsCursor } from '../table-ui-store.js';

/** One-click approve and reject of a row (reject asks for the reason first); tab stops on the cursor row only. */
export function RowActions({ row, reviewer }: { row: TriageRow; reviewer: string | null }) {
  const intl = useIntl();
  const approve = useApproveLogMutation();
  const tabIndex = useIsCursor(row.log.id) ? 0 : -1;
  const { log } = row;
  const cannotApprove = whyNotDecidable(row, 'approve', reviewer);
  const cannotReject = whyNotDecidable(row, 'reject', reviewer);
  const progress = approvalProgress(log);
  return (
    <span className="actions" onClick={(event) => event.stopPropagation()}>
      <button
        type="button"
        tabIndex={tabIndex}
        data-testid="approve-log"
        disabled={cannotApprove !== null || approve.isPending}
        title={cannotApprove ? notDecidableText(intl, cannotApprove) : intl.formatMessage({ id: 'logs.action.approveHint' })}
        onClick={() => approve.mutate({ logId: log.id })}
      >
        {intl.formatMessage({ id: 'logs.action.approve' })}
      </button>
      <button
        type="button"
        tabIndex={tabIndex}
        data-testid="reject-log"
        disabled={cannotReject !== null}
        title={cannotReject ? notDecidableText(intl, cannotReject) : intl.formatMessage({ id: 'logs.action.rejectHint' })}
        onClick={() => tableUi.rejectOpened(log.id)}
      >
        {intl.formatMessage({ id: 'logs.action.reject' })}
      </button>
      {log.status === 'pending_review' && progress.multi && (
        <span className="muted small" data-testid="log-awaiting-approvals">
          {intl.formatMessage(
            { id: 'logs.action.approvals' },
            { count: progress.approvers.length, required: progress.required, yours: progress.remaining > 0 && cannotApprove?.id === 'logs.why.approvedAlready' ? 'yes' : 'no' },
          )}
        </span>
      )}
    </span>
  );
}
