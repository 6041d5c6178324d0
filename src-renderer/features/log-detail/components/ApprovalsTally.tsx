import { approvalProgress } from '../../../../src-shared/domain/review-rules.js';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { HealingLog } from '../../../../src-shared/schemas/autoheal.js';
import { Icon } from '../../../shared/components/icons.js';

/** Who approved a proposal that needs several approvals, and how many remain. */
export function ApprovalsTally({ log }: { log: Pick<HealingLog, 'required_approvals' | 'approvals'> }) {
  const intl = useIntl();
  const progress = approvalProgress(log);
  if (!progress.multi) return null;
  return (
    <section className="detail-section" aria-labelledby="approvals-title" data-testid="approvals-tally" data-remaining={progress.remaining}>
      <h3 id="approvals-title">
        {intl.formatMessage({ id: 'logDetail.approvals.title' }, { given: progress.approvers.length, required: progress.required })}
      </h3>
      <p data-testid="approvals-remaining">
        {intl.formatMessage({ id: 'logDetail.approvals.remaining' }, { remaining: progress.remaining })}
      </p>
      {progress.approvers.length > 0 ? (
        <ul className="plain-list">
          {progress.approvers.map((approver) => (
            <li key={`${approver.by}-${approver.at}`} data-testid="approval-entry">
              <Icon name="check" /> <span data-i18n-data>{approver.by}</span> <span className="muted small">{formatDate(intl.locale, approver.at)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{intl.formatMessage({ id: 'logDetail.approvals.none' })}</p>
      )}
    </section>
  );
}
