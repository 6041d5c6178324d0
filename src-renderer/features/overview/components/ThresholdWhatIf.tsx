import { useId, useMemo } from 'react';
import { useIntl } from 'react-intl';
import { thresholdWhatIf, type ConfidenceHistogramRow } from '../../../../src-shared/analytics/confidence.js';
import { formatCount, formatPercent, formatRatio } from '../format.js';
import { useThresholdMoved, useWhatIfThreshold } from '../overview-store.js';

/**
 * Moves a hypothetical auto-apply threshold over the period's logs: how many would have been applied
 * without review, and how often those that ended did so badly (rolled back or failed).
 */
export function ThresholdWhatIf({ histogram }: { histogram: readonly ConfidenceHistogramRow[] }) {
  const threshold = useWhatIfThreshold();
  const thresholdMoved = useThresholdMoved();
  const sliderId = useId();
  const result = useMemo(() => thresholdWhatIf(histogram, threshold), [histogram, threshold]);
  const total = result.wouldAutoApply + result.wouldWaitForReview;
  const intl = useIntl();
  const count = (value: number) => formatCount(intl.locale, value);
  const thresholdText = formatPercent(intl.locale, threshold, 0);
  return (
    <section className="chart-card what-if" aria-labelledby={`${sliderId}-title`} data-testid="threshold-what-if" data-threshold={threshold}>
      <h2 id={`${sliderId}-title`}>{intl.formatMessage({ id: 'overview.whatIf.title' })}</h2>
      <div className="what-if-control">
        <label htmlFor={sliderId}>{intl.formatMessage({ id: 'overview.whatIf.slider' })}</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={100}
          step={1}
          value={threshold}
          data-testid="threshold-slider"
          aria-valuetext={intl.formatMessage({ id: 'overview.whatIf.sliderValue' }, { threshold: thresholdText })}
          onChange={(event) => thresholdMoved(Number(event.target.value))}
        />
        <output htmlFor={sliderId} data-testid="threshold-value">
          {intl.formatMessage({ id: 'overview.whatIf.value' }, { threshold: thresholdText })}
        </output>
      </div>
      <dl className="what-if-figures">
        <div>
          <dt>{intl.formatMessage({ id: 'overview.whatIf.autoApplied' })}</dt>
          <dd data-testid="what-if-auto-applied">
            {intl.formatMessage({ id: 'overview.whatIf.ofTotal' }, { count: count(result.wouldAutoApply), total: count(total) })}
          </dd>
        </div>
        <div>
          <dt>{intl.formatMessage({ id: 'overview.whatIf.review' })}</dt>
          <dd data-testid="what-if-review">{count(result.wouldWaitForReview)}</dd>
        </div>
        <div>
          <dt>{intl.formatMessage({ id: 'overview.whatIf.failureRate' })}</dt>
          <dd data-testid="what-if-failure-rate">
            {formatRatio(intl.locale, result.failureRateAbove)}{' '}
            <span className="muted">
              {intl.formatMessage({ id: 'overview.whatIf.failures' }, { failures: count(result.failuresAbove), decided: count(result.decidedAbove) })}
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
