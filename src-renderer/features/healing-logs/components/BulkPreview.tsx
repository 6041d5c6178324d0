import { useQuery } from '@tanstack/react-query';
import { useMemo, useState, type ReactNode } from 'react';
import { FormattedMessage, useIntl } from 'react-intl';
import { TRIAGE_PAGE_MAX } from '../../../../src-shared/ipc/triage.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { syncStatusQuery } from '../../../infra/sync-status.js';
import { notDecidableText, planBulk, type ReviewAction } from '../decidability.js';
import { logName } from '../../../infra/decision-notice.js';
import { useBulkDecisionMutation, type BulkOutcome } from '../mutations.js';
import { logsByIdsQuery } from '../queries.js';

// Plugin names and log names inside a message are data: marked so the pseudo-locale check skips them.
const data = (chunks: ReactNode[]) => (
  <span className="mono" data-i18n-data>
    {chunks}
  </span>
);

/**
 * What a bulk action will do before it is done: how many logs it acts on and which it skips and
 * why (their state does not allow it). Confirming queues one decision per log; the decided logs
 * leave the checks, and those that failed stay checked and are named here.
 */
export function BulkPreview({ action, ids, onClose }: { action: ReviewAction; ids: string[]; onClose(): void }) {
  const intl = useIntl();
  const api = useOpsApi();
  const limited = ids.slice(0, TRIAGE_PAGE_MAX);
  const rows = useQuery(logsByIdsQuery(api, limited));
  const reviewer = useQuery({ ...syncStatusQuery(api), select: (status) => status.identity?.name ?? null }).data ?? null;
  const bulk = useBulkDecisionMutation();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<(BulkOutcome & { names: ReadonlyMap<string, string | null> }) | null>(null);
  const plan = useMemo(() => (rows.data ? planBulk(limited, rows.data.items, action, reviewer) : null), [rows.data, limited.join(), action, reviewer]);

  // The decided logs leave the checks and the rest are read again: the outcome stays meanwhile.
  if (outcome) return <BulkOutcomeView action={action} outcome={outcome} onClose={onClose} />;
  if (rows.isPending) return <p className="muted" role="status">{intl.formatMessage({ id: 'logs.bulk.reading' })}</p>;
  if (rows.isError || !plan) return (
      <p className="error" role="alert">
        {intl.formatMessage({ id: 'logs.bulk.readFailed' }, { message: rows.error?.message ?? '' })}
      </p>
    );

  const confirm = () => {
    const logIds = plan.eligible.map((row) => row.log.id);
    const names = new Map(plan.eligible.map((row) => [row.log.id, row.log.plugin_id]));
    const done = (result: BulkOutcome) => setOutcome({ ...result, names });
    bulk.mutate(action === 'reject' ? { action, logIds, reason, names } : { action, logIds, names }, { onSuccess: done });
  };
  const needsReason = action === 'reject' && reason.trim() === '';
  return (
    <div className="bulk-preview" role="region" aria-label={intl.formatMessage({ id: 'logs.bulk.previewLabel' }, { action })} data-testid="bulk-preview" data-action={action}>
      <p>
        <strong data-testid="bulk-eligible" data-value={plan.eligible.length}>
          {intl.formatMessage({ id: 'logs.bulk.eligible' }, { count: plan.eligible.length, action })}
        </strong>
        {plan.skipped.length > 0 && (
          <span data-testid="bulk-skipped" data-value={plan.skipped.length}>
            {intl.formatMessage({ id: 'logs.bulk.skipped' }, { count: plan.skipped.length })}
          </span>
        )}
        {plan.missing > 0 && <span>{intl.formatMessage({ id: 'logs.bulk.missing' }, { count: plan.missing })}</span>}
        {ids.length > limited.length && <span>{intl.formatMessage({ id: 'logs.bulk.limited' }, { count: limited.length })}</span>}
        {intl.formatMessage({ id: 'logs.bulk.end' })}
      </p>
      {plan.skipped.length > 0 && (
        <ul className="bulk-skipped-list">
          {plan.skipped.map(({ row, reason: why }) => (
            <li key={row.log.id} data-testid="bulk-skipped-item" data-log-id={row.log.id}>
              <FormattedMessage
                id="logs.bulk.skippedItem"
                values={{ data, plugin: row.log.plugin_id, issue: <span data-i18n-data>{row.log.detected_issue.slice(0, 60)}</span>, reason: notDecidableText(intl, why) }}
              />
            </li>
          ))}
        </ul>
      )}
      {action === 'reject' && (
        <label className="bulk-reason">
          {intl.formatMessage({ id: 'logs.bulk.reason' })}
          <input data-testid="bulk-reason" value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
        </label>
      )}
      <div className="form-actions">
        <button type="button" data-testid="bulk-confirm" disabled={plan.eligible.length === 0 || needsReason || bulk.isPending} onClick={confirm}>
          {intl.formatMessage({ id: 'logs.bulk.confirm' }, { action, count: plan.eligible.length })}
        </button>
        <button type="button" data-testid="bulk-cancel" onClick={onClose}>
          {intl.formatMessage({ id: 'logs.bulk.cancel' })}
        </button>
      </div>
    </div>
  );
}

/** What the bulk action did: how many were decided (they left the checks), and which failed and why (still checked). */
function BulkOutcomeView({ action, outcome, onClose }: { action: ReviewAction; outcome: BulkOutcome & { names: ReadonlyMap<string, string | null> }; onClose(): void }) {
  const intl = useIntl();
  return (
    <div className="bulk-preview" role="region" aria-label={intl.formatMessage({ id: 'logs.bulk.outcomeLabel' }, { action })} data-testid="bulk-preview" data-action={action}>
      <div data-testid="bulk-outcome" data-decided={outcome.decided.length} data-failed={outcome.failed.length} role="status">
        <p>
          {intl.formatMessage({ id: 'logs.bulk.decided' }, { count: outcome.decided.length, action, failed: outcome.failed.length })}
        </p>
        {outcome.failed.length > 0 && (
          <ul className="bulk-skipped-list">
            {outcome.failed.map((failure) => (
              <li key={failure.logId} data-testid="bulk-failed-item" data-log-id={failure.logId}>
                <FormattedMessage
                  id="logs.bulk.failedItem"
                  values={{ data, name: logName(failure.logId, outcome.names.get(failure.logId) ?? null), message: <span data-i18n-data>{failure.message}</span> }}
                />
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="form-actions">
        <button type="button" data-testid="bulk-cancel" onClick={onClose}>
          {intl.formatMessage({ id: 'logs.bulk.close' })}
        </button>
      </div>
    </div>
  );
}
