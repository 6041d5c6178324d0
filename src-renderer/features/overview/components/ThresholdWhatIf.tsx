import { useId, useMemo } from 'react';
import { thresholdWhatIf, type ConfidenceHistogramRow } from '../../../../src-shared/analytics/confidence.js';
import { formatCount, formatRatio } from '../format.js';
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
  return (
    <section className="chart-card what-if" aria-labelledby={`${sliderId}-title`} data-testid="threshold-what-if" data-threshold={threshold}>
      <h2 id={`${sliderId}-title`}>Auto-apply threshold what-if</h2>
      <div className="what-if-control">
        <label htmlFor={sliderId}>Auto-apply threshold</label>
        <input
          id={sliderId}
          type="range"
          min={0}
          max={100}
          step={1}
          value={threshold}
          data-testid="threshold-slider"
          aria-valuetext={`${threshold} % confidence`}
          onChange={(event) => thresholdMoved(Number(event.target.value))}
        />
        <output htmlFor={sliderId} data-testid="threshold-value">
          ≥ {threshold} %
        </output>
      </div>
      <dl className="what-if-figures">
        <div>
          <dt>Would have auto-applied</dt>
          <dd data-testid="what-if-auto-applied">
            {formatCount(result.wouldAutoApply)} of {formatCount(total)}
          </dd>
        </div>
        <div>
          <dt>Would have waited for review</dt>
          <dd data-testid="what-if-review">{formatCount(result.wouldWaitForReview)}</dd>
        </div>
        <div>
          <dt>Failure rate above the threshold</dt>
          <dd data-testid="what-if-failure-rate">
            {formatRatio(result.failureRateAbove)}{' '}
            <span className="muted">
              ({formatCount(result.failuresAbove)} rolled back or failed of {formatCount(result.decidedAbove)} with an outcome)
            </span>
          </dd>
        </div>
      </dl>
    </section>
  );
}
