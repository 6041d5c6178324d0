import { useIntl } from 'react-intl';
import { formatNumber } from '../../../../src-shared/domain/locale-format.js';
import type { PatchReviewItem } from '../../../../src-shared/ipc/patches.js';

type DryRun = PatchReviewItem['dryRuns'][number];

/** A request as the dry run shows it: method, path, headers and body, pretty-printed. */
function RequestBlock({ label, state }: { label: string; state: NonNullable<DryRun['result']['outcome']>['before'] }) {
  return (
    <figure className="dry-run-request">
      <figcaption className="small muted">{label}</figcaption>
      <pre className="json-block" tabIndex={0} aria-label={label} data-i18n-data>
        {JSON.stringify({ request: state.request, options: state.options, credential: state.credential }, null, 2)}
      </pre>
    </figure>
  );
}

function DryRunCase({ run, item }: { run: DryRun; item: PatchReviewItem }) {
  const intl = useIntl();
  const { failure, result } = run;
  const outcome = result.outcome;
  const servesThis = (match: DryRun['result']['matches'][number]) => match.patch_id === item.patch.id && (match.version === null || match.version === item.version.version);
  return (
    <li className="dry-run-case" data-testid="dry-run-case">
      <p className="dry-run-failure">
        <span className="mono" data-i18n-data>
          {[failure.sdk_language, failure.status, failure.error_code].filter((part) => part !== undefined).join(' · ')}
        </span>{' '}
        <span className="muted small">{intl.formatMessage({ id: 'patchReviews.dryRun.occurrences' }, { count: run.occurrences, formatted: formatNumber(intl.locale, run.occurrences) })}</span>
        <br />
        <span className="small" data-i18n-data>
          {failure.message}
        </span>
      </p>
      {result.matches.length === 0 ? (
        <p className="muted small">{intl.formatMessage({ id: 'patchReviews.dryRun.noMatch' })}</p>
      ) : (
        <ol className="dry-run-matches" aria-label={intl.formatMessage({ id: 'patchReviews.dryRun.order' })}>
          {result.matches.map((match) => (
            <li key={`${match.patch_id ?? 'draft'}-${match.version ?? 0}`} data-testid="dry-run-match" data-rank={match.rank} data-this={servesThis(match) ? 'true' : undefined}>
              <span data-i18n-data>{match.error_signature}</span>
              {match.version !== null && <span className="muted small"> {intl.formatMessage({ id: 'patchReviews.version' }, { version: match.version })}</span>}
              {match.rank === 1 && <strong className="small"> {intl.formatMessage({ id: 'patchReviews.dryRun.served' })}</strong>}
              {servesThis(match) && <span className="small"> {intl.formatMessage({ id: 'patchReviews.dryRun.thisVersion' })}</span>}
            </li>
          ))}
        </ol>
      )}
      {outcome && (
        <>
          <div className="dry-run-requests">
            <RequestBlock label={intl.formatMessage({ id: 'patchReviews.dryRun.before' })} state={outcome.before} />
            <RequestBlock label={intl.formatMessage({ id: 'patchReviews.dryRun.after' })} state={outcome.after} />
          </div>
          <ul className="plain-list small">
            {outcome.steps.map((step, index) => (
              <li key={index}>
                <span className="mono" data-i18n-data>
                  {step.type}
                </span>
                {': '}
                <span data-i18n-data>{step.summary}</span>
                {step.error && (
                  <span className="error">
                    {' '}
                    {intl.formatMessage({ id: 'patchReviews.dryRun.stepError' }, { error: step.error })}
                  </span>
                )}
              </li>
            ))}
          </ul>
          <p className="small">
            {intl.formatMessage({ id: outcome.restored_equals_before ? 'patchReviews.dryRun.restored' : 'patchReviews.dryRun.notRestored' })}
          </p>
        </>
      )}
    </li>
  );
}

/** What the version does to the failures it targets, on this machine: which patches match in what order, the request before and after. */
export function DryRunResults({ item }: { item: PatchReviewItem }) {
  const intl = useIntl();
  if (item.dryRuns.length === 0) return <p className="muted small">{intl.formatMessage({ id: 'patchReviews.dryRun.none' })}</p>;
  return (
    <ul className="dry-run-list" data-testid="dry-runs">
      {item.dryRuns.map((run, index) => (
        <DryRunCase key={index} run={run} item={item} />
      ))}
    </ul>
  );
}
