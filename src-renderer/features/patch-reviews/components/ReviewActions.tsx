import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import type { PatchReviewItem } from '../../../../src-shared/ipc/patches.js';
import { RejectReasonForm } from '../../../shared/components/RejectReasonForm.js';
import { useApproveVersionMutation, useRejectVersionMutation } from '../mutations.js';

/**
 * Approve (with an optional comment) or reject (with a reason) one version. The author of a version
 * sees the approve button disabled with the two-person rule beside it; should the backend be asked
 * anyway (another console of theirs), its refusal comes back in the decision's notice.
 */
export function ReviewActions({ item }: { item: PatchReviewItem }) {
  const intl = useIntl();
  const id = useId();
  const [comment, setComment] = useState('');
  const [rejecting, setRejecting] = useState(false);
  const approve = useApproveVersionMutation();
  const reject = useRejectVersionMutation();
  const target = { patchId: item.patch.id, version: item.version.version, signature: item.patch.error_signature };
  const queued = item.localState === 'queued';
  const busy = approve.isPending || reject.isPending || queued;
  return (
    <div className="review-actions">
      <label className="review-comment">
        {intl.formatMessage({ id: 'patchReviews.comment' })}
        <input data-testid="review-comment" value={comment} maxLength={2000} autoComplete="off" disabled={item.ownVersion} onChange={(event) => setComment(event.target.value)} />
      </label>
      <div className="button-row">
        <button
          type="button"
          className="primary"
          data-testid="review-approve"
          disabled={item.ownVersion || busy}
          aria-describedby={item.ownVersion ? `${id}-own` : undefined}
          onClick={() => approve.mutate({ ...target, ...(comment.trim() ? { comment: comment.trim() } : {}) })}
        >
          {intl.formatMessage({ id: 'patchReviews.approve' })}
        </button>
        <button type="button" data-testid="review-reject" disabled={busy} aria-expanded={rejecting} onClick={() => setRejecting(true)}>
          {intl.formatMessage({ id: 'patchReviews.reject' })}
        </button>
        {item.ownVersion && (
          <span id={`${id}-own`} className="muted small" data-testid="review-own-version">
            {intl.formatMessage({ id: 'patchReviews.ownVersion' })}
          </span>
        )}
      </div>
      {rejecting && (
        <RejectReasonForm
          headingLevel={4}
          testIdPrefix="review-"
          title={intl.formatMessage({ id: 'patchReviews.rejectTitle' }, { signature: item.patch.error_signature, version: item.version.version })}
          busy={reject.isPending}
          onSubmit={(reason) => reject.mutate({ ...target, reason }, { onSuccess: () => setRejecting(false) })}
          onCancel={() => setRejecting(false)}
        />
      )}
    </div>
  );
}
