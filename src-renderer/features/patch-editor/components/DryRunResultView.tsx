import { useIntl } from 'react-intl';
import type { DryRunResult } from '../../../../src-shared/patch-engine/dry-run-schema.js';
import { isActionType } from '../schema-docs.js';
import { JsonMergeView } from '../../../shared/code-view/JsonMergeView.js';

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** Two call states side by side, as pretty JSON. */
function CallStateDiff({ before, after, ...labels }: { before: unknown; after: unknown; beforeLabel: string; afterLabel: string; label: string; testId: string }) {
  return <JsonMergeView before={pretty(before)} after={pretty(after)} {...labels} />;
}

/** Which patches match, in the order the lookup ranks them (the first is served; the draft is marked). */
function MatchList({ matches }: { matches: DryRunResult['matches'] }) {
  const intl = useIntl();
  if (matches.length === 0) return <p data-testid="dry-run-no-match">{intl.formatMessage({ id: 'patchEditor.dryRun.noMatch' })}</p>;
  return (
    <ol className="dry-run-matches" data-testid="dry-run-matches">
      {matches.map((match) => (
        <li key={`${match.patch_id ?? 'draft'}:${match.version ?? ''}`} data-testid="dry-run-match" data-draft={match.patch_id === null} data-rank={match.rank}>
          <strong data-i18n-data>{match.error_signature}</strong>{' '}
          {match.patch_id === null ? (
            <span className="badge badge-queued">{intl.formatMessage({ id: 'patchEditor.dryRun.thisDraft' })}</span>
          ) : (
            <span className="muted small">{intl.formatMessage({ id: 'patchEditor.dryRun.registryVersion' }, { version: match.version ?? 0 })}</span>
          )}
          {match.rank === 1 && <span className="badge badge-active">{intl.formatMessage({ id: 'patchEditor.dryRun.served' })}</span>}{' '}
          <span className="muted small">{intl.formatMessage({ id: 'patchEditor.dryRun.score' }, { score: match.score })}</span>
        </li>
      ))}
    </ol>
  );
}

/** The dry run's answer: the matches, the request before and after the served patch, its steps, and whether undoing restored it. */
export function DryRunResultView({ result }: { result: DryRunResult }) {
  const intl = useIntl();
  const outcome = result.outcome;
  return (
    <section className="dry-run-result" aria-labelledby="dry-run-result-title" data-testid="dry-run-result">
      <h3 id="dry-run-result-title">{intl.formatMessage({ id: 'patchEditor.dryRun.matches' })}</h3>
      <MatchList matches={result.matches} />
      {outcome && (
        <>
          <h3>{intl.formatMessage({ id: 'patchEditor.dryRun.beforeAfter' })}</h3>
          <div className="diff-legend muted small" aria-hidden="true">
            <span>{intl.formatMessage({ id: 'patchEditor.dryRun.before' })}</span>
            <span>{intl.formatMessage({ id: 'patchEditor.dryRun.after' })}</span>
          </div>
          <CallStateDiff
            before={outcome.before}
            after={outcome.after}
            beforeLabel={intl.formatMessage({ id: 'patchEditor.dryRun.before' })}
            afterLabel={intl.formatMessage({ id: 'patchEditor.dryRun.after' })}
            label={intl.formatMessage({ id: 'patchEditor.dryRun.diffLabel' })}
            testId="dry-run-diff"
          />
          <h3>{intl.formatMessage({ id: 'patchEditor.dryRun.steps' })}</h3>
          <table className="dry-run-steps" data-testid="dry-run-steps">
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage({ id: 'patchEditor.dryRun.step.action' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'patchEditor.dryRun.step.did' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'patchEditor.dryRun.step.restores' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'patchEditor.dryRun.step.error' })}</th>
              </tr>
            </thead>
            <tbody>
              {outcome.steps.map((step, index) => (
                <tr key={index} data-testid="dry-run-step" data-failed={step.error !== null}>
                  <td>
                    {isActionType(step.type) && <>{intl.formatMessage({ id: `patchEditor.actionDoc.${step.type}.name` })} </>}
                    {!isActionType(step.type) && <code data-i18n-data>{step.type}</code>}
                  </td>
                  <td data-i18n-data>{step.summary}</td>
                  <td>
                    <code data-i18n-data>{step.restores}</code>
                  </td>
                  <td className={step.error ? 'error' : 'muted'}>{step.error ? <span data-i18n-data>{step.error}</span> : intl.formatMessage({ id: 'patchEditor.dryRun.step.none' })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className={outcome.restored_equals_before ? 'patch-valid' : 'error'} data-testid="dry-run-restored" data-restored={outcome.restored_equals_before}>
            {intl.formatMessage({ id: outcome.restored_equals_before ? 'patchEditor.dryRun.restoredExactly' : 'patchEditor.dryRun.restoredDiffers' })}
          </p>
          {!outcome.restored_equals_before && (
            <CallStateDiff
              before={outcome.before}
              after={outcome.restored}
              beforeLabel={intl.formatMessage({ id: 'patchEditor.dryRun.before' })}
              afterLabel={intl.formatMessage({ id: 'patchEditor.dryRun.restored' })}
              label={intl.formatMessage({ id: 'patchEditor.dryRun.restoredLabel' })}
              testId="dry-run-restored-diff"
            />
          )}
        </>
      )}
    </section>
  );
}
