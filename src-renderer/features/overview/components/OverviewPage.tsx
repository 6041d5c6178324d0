import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useMemo } from 'react';
import { confidenceBuckets } from '../../../../src-shared/analytics/confidence.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { overviewQuery } from '../queries.js';
import { useOverviewPeriod } from '../overview-store.js';
import { CalibrationChart } from './CalibrationChart.js';
import { ConfidenceDistributionChart } from './ConfidenceDistributionChart.js';
import { OutcomesTimelineChart } from './OutcomesTimelineChart.js';
import { PeriodPicker } from './PeriodPicker.js';
import { StatCards } from './StatCards.js';
import { ThresholdWhatIf } from './ThresholdWhatIf.js';
import '../overview.css';

/** Stat cards, confidence charts and the threshold what-if over the cached logs of a period. */
export function OverviewPage() {
  const api = useOpsApi();
  const period = useOverviewPeriod();
  const overview = useQuery(overviewQuery(api, period));
  const histogram = overview.data?.histogram;
  const buckets = useMemo(() => (histogram ? confidenceBuckets(histogram) : []), [histogram]);
  const intl = useIntl();
  const state = overview.isSuccess ? 'ready' : overview.isError ? 'error' : 'loading';

  return (
    <div className="overview-page" data-testid="overview-page" data-state={state} data-period={period}>
      <header className="page-header">
        <h1>{intl.formatMessage({ id: 'overview.title' })}</h1>
        <PeriodPicker />
      </header>
      {overview.isPending && <p className="muted">{intl.formatMessage({ id: 'overview.loading' })}</p>}
      {overview.isError && (
        <p className="error" role="alert">
          {intl.formatMessage({ id: 'overview.failed' }, { reason: errorText(intl, overview.error) })}
        </p>
      )}
      {overview.data && (
        <>
          <StatCards stats={overview.data.stats} days={overview.data.days} />
          {overview.data.stats.total === 0 && <p className="muted">{intl.formatMessage({ id: 'overview.noLogs' }, { days: overview.data.days })}</p>}
          <div className="chart-grid">
            <ConfidenceDistributionChart buckets={buckets} />
            <CalibrationChart buckets={buckets} />
            <OutcomesTimelineChart timeline={overview.data.timeline} />
            <ThresholdWhatIf histogram={overview.data.histogram} />
          </div>
        </>
      )}
    </div>
  );
}
