import { approvalProgress } from '../../../../src-shared/domain/review-rules.js';
import type { HealingLog } from '../../../../src-shared/schemas/autoheal.js';
import { Icon } from '../../../shared/components/icons.js';

/** Who approved a proposal that needs several approvals, and how many remain. */
export function ApprovalsTally({ log }: { log: Pick<HealingLog, 'required_approvals' | 'approvals'> }) {
  const progress = approvalProgress(log);
  if (!progress.multi) return null;
  return (
    <section className="detail-section" aria-labelledby="approvals-title" data-testid="approvals-tally" data-remaining={progress.remaining}>
      <h3 id="approvals-title">
        Approvals {progress.approvers.length} of {progress.required}
      </h3>
      <p data-testid="approvals-remaining">
        {progress.remaining === 0 ? 'Fully approved.' : `${progress.remaining} more approval${progress.remaining === 1 ? '' : 's'} needed.`}
      </p>
      {progress.approvers.length > 0 ? (
        <ul className="plain-list">
          {progress.approvers.map((approver) => (
            <li key={`${approver.by}-${approver.at}`} data-testid="approval-entry">
              <Icon name="check" /> {approver.by} <span className="muted small">{new Date(approver.at).toLocaleString()}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">No one has approved it yet.</p>
      )}
    </section>
  );
}
