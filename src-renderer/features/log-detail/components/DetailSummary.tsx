import type { CachedLog } from '../../../../src-shared/ipc/model.js';
import type { Plugin } from '../../../../src-shared/schemas/plugins.js';

/** The issue, the analyser's decision and confidence, and the proposed patch. */
export function DetailSummary({ item, plugin }: { item: CachedLog; plugin: Plugin | null }) {
  const { log } = item;
  return (
    <>
      <header className="detail-header">
        <h2 id="detail-title" data-testid="detail-issue">
          {log.detected_issue}
        </h2>
        <p>
          <span className={`severity severity-${log.issue_severity}`}>{log.issue_severity}</span> ·{' '}
          <span data-testid="detail-status" data-value={log.status}>
            {log.status.replace('_', ' ')}
          </span>{' '}
          · {plugin ? `${plugin.cms} plugin ${log.plugin_id}` : log.plugin_id}
        </p>
      </header>
      <section className="detail-section" aria-labelledby="decision-title">
        <h3 id="decision-title">Analyser decision</h3>
        <p>
          Confidence <strong data-testid="detail-confidence">{log.sira_confidence.toFixed(1)} %</strong>
          {log.auto_applied ? ' · applied automatically' : ' · waited for a human'}
        </p>
        <details>
          <summary>The analyser’s full decision</summary>
          <pre className="json-block" tabIndex={0} role="region" aria-label="The analyser’s full decision (JSON)">
            {JSON.stringify(log.sira_decision, null, 2)}
          </pre>
        </details>
      </section>
      <section className="detail-section" aria-labelledby="patch-title">
        <h3 id="patch-title">Proposed patch</h3>
        {/* Focusable so a keyboard user can scroll a long patch; long values wrap instead of widening the pane. */}
        <pre className="json-block" data-testid="detail-patch" tabIndex={0} role="region" aria-label="Proposed patch (JSON)">
          {JSON.stringify(log.proposed_patch, null, 2)}
        </pre>
      </section>
    </>
  );
}
