import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { auditSentence } from '../audit-sentences.js';
import { logRemoteQuery } from '../queries.js';

/** Who did what to this log, as the backend's audit log has it (needs the backend). */
export function AuditTrail({ logId }: { logId: string }) {
  const api = useOpsApi();
  const remote = useQuery(logRemoteQuery(api, logId));
  let body;
  if (remote.isPending) body = <p className="muted">Asking the backend for the audit trail…</p>;
  else if (remote.isError) body = <p className="error" role="alert">The audit trail could not be read: {remote.error.message}</p>;
  else if (remote.data.status === 'unavailable')
    body = (
      <p className="muted" data-testid="audit-unavailable" data-reason={remote.data.reason}>
        {remote.data.reason === 'offline' ? 'Audit trail unavailable offline.' : remote.data.message} It loads again once the backend answers.
      </p>
    );
  else if (remote.data.audit.length === 0) body = <p className="muted">The backend has no audit entries for this log.</p>;
  else
    body = (
      <ol className="plain-list audit-list" data-testid="audit-list">
        {remote.data.audit.map((entry) => (
          <li key={entry.id} data-testid="audit-entry" data-action={entry.action}>
            <span className="muted small">{new Date(entry.at).toLocaleString()}</span>{' '}
            {/* The sentence takes focus so a keyboard user can see the raw code a mouse user gets on hover. */}
            <span className="audit-sentence" tabIndex={0} title={entry.action} data-testid="audit-sentence">
              {auditSentence(entry)}
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
      <h3 id="audit-title">Audit trail</h3>
      {remote.isSuccess && remote.data.status === 'available' && remote.data.reviewReason && (
        <p className="small" data-testid="review-reason">
          Waited for review because: {remote.data.reviewReason}
        </p>
      )}
      {body}
    </section>
  );
}
