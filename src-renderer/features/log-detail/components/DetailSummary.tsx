import type { CachedLog } from '../../../../src-shared/ipc/model.js';
import { useIntl } from 'react-intl';
import { formatPercent } from '../../../../src-shared/domain/locale-format.js';
import type { Plugin } from '../../../../src-shared/schemas/plugins.js';

/** The issue, the analyser's decision and confidence, and the proposed patch. */
export function DetailSummary({ item, plugin }: { item: CachedLog; plugin: Plugin | null }) {
  const { log } = item;
  const intl = useIntl();
  return (
    <>
      <header className="detail-header">
        <h2 id="detail-title" data-testid="detail-issue" data-i18n-data>
          {log.detected_issue}
        </h2>
        <p>
          <span className={`severity severity-${log.issue_severity}`}>{intl.formatMessage({ id: `shared.severity.${log.issue_severity}` })}</span> ·{' '}
          <span data-testid="detail-status" data-value={log.status}>
            {intl.formatMessage({ id: `shared.status.${log.status}` })}
          </span>{' '}
          · {plugin ? intl.formatMessage({ id: 'logDetail.summary.plugin' }, { cms: plugin.cms, id: log.plugin_id }) : <span data-i18n-data>{log.plugin_id}</span>}
        </p>
      </header>
      <section className="detail-section" aria-labelledby="decision-title">
        <h3 id="decision-title">{intl.formatMessage({ id: 'logDetail.summary.decision' })}</h3>
        <p>
          {intl.formatMessage(
            { id: 'logDetail.summary.confidence' },
            { value: <strong key="value" data-testid="detail-confidence">{formatPercent(intl.locale, log.sira_confidence / 100, 1)}</strong> },
          )}
          {intl.formatMessage({ id: 'logDetail.summary.auto' }, { automatic: log.auto_applied ? 'yes' : 'no' })}
        </p>
        <details>
          <summary>{intl.formatMessage({ id: 'logDetail.summary.fullDecision' })}</summary>
          <pre className="json-block" tabIndex={0} role="region" aria-label={intl.formatMessage({ id: 'logDetail.summary.fullDecisionJson' })}>
            {JSON.stringify(log.sira_decision, null, 2)}
          </pre>
        </details>
      </section>
      <section className="detail-section" aria-labelledby="patch-title">
        <h3 id="patch-title">{intl.formatMessage({ id: 'logDetail.summary.patch' })}</h3>
        {/* Focusable so a keyboard user can scroll a long patch; long values wrap instead of widening the pane. */}
        <pre className="json-block" data-testid="detail-patch" tabIndex={0} role="region" aria-label={intl.formatMessage({ id: 'logDetail.summary.patchJson' })}>
          {JSON.stringify(log.proposed_patch, null, 2)}
        </pre>
      </section>
    </>
  );
}
