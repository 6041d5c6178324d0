import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { auditSentence } from '../audit-sentences.js';
import { logRemoteQuery } from '../queries.js';

/** Who did what to this log, as the backend's audit log has it (needs the backend). */
export function AuditTrail({ logId }: { logId: string }) {
  const api = useOpsApi();
  const remote = useQuery(logRemoteQuery(api, logId));
  const intl = useIntl();
  let body;
  if (remote.isPending) body = <p className="muted">{intl.formatMessage({ id: 'logDetail.audit.asking' })}</p>;
  else if (remote.isError) body = (
      <p className="error" role="alert">
        {intl.formatMessage({ id: 'logDetail.audit.failed' }, { reason: errorText(intl, remote.error) })}
      </p>
    );
  else if (remote.data.status === 'unavailable')
    body = (
      <p className="muted" data-testid="audit-unavailable" data-reason={remote.data.reason}>
        {intl.formatMessage(
          { id: 'logDetail.audit.unavailable' },
          { reason: remote.data.reason === 'offline' ? intl.formatMessage({ id: 'logDetail.audit.offline' }) : remote.data.message },
        )}
      </p>
    );
  else if (remote.data.audit.length === 0) body = <p className="muted">{intl.formatMessage({ id: 'logDetail.audit.empty' })}</p>;
  else
    body = (
      <ol className="plain-list audit-list" data-testid="audit-list">
        {remote.data.audit.map((entry) => (
          <li key={entry.id} data-testid="audit-entry" data-action={entry.action}>
            <span className="muted small">{formatDate(intl.locale, entry.at)}</span>{' '}
            {/* The sentence takes focus so a keyboard user can see the raw code a mouse user gets on hover. */}
            <span className="audit-sentence" tabIndex={0} title={entry.action} data-testid="audit-sentence" data-i18n-data>
              {auditSentence(intl, entry)}
            </span>{' '}
            <code className="audit-code" data-testid="audit-code">
              {entry.action}
            </code>
          </li>
        ))}
      </ol>
    );
  return (
    <section className="detail-section" aria-labelledby="audit-title">
      <h3 id="audit-title">{intl.formatMessage({ id: 'logDetail.audit.title' })}</h3>
      {remote.isSuccess && remote.data.status === 'available' && remote.data.reviewReason && (
        <p className="small" data-testid="review-reason">
          {intl.formatMessage({ id: 'logDetail.audit.reviewReason' }, { reason: remote.data.reviewReason })}
        </p>
      )}
      {body}
    </section>
  );
}
