import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useIntl } from 'react-intl';
import type { ConfidenceBucket } from '../../../../src-shared/analytics/confidence.js';
import { usePalette } from '../../../shared/theme/theme-store.js';
import { ChartCard } from './ChartCard.js';
import { OUTCOME_SERIES } from './outcome-series.js';

/** How many logs fall in each confidence bucket, stacked by outcome. */
export function ConfidenceDistributionChart({ buckets }: { buckets: readonly ConfidenceBucket[] }) {
  const palette = usePalette();
  const intl = useIntl();
  const empty = buckets.every((b) => b.total === 0);
  return (
    <ChartCard title={intl.formatMessage({ id: 'overview.distribution.title' })} description={intl.formatMessage({ id: 'overview.distribution.description' })} testId="chart-distribution" empty={empty}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={[...buckets]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={palette.line} strokeDasharray="3 3" />
          <XAxis dataKey="label" interval={0} stroke={palette.muted} tick={{ fill: palette.muted, fontSize: 11 }} />
          <YAxis allowDecimals={false} stroke={palette.muted} tick={{ fill: palette.muted, fontSize: 11 }} />
          <Tooltip contentStyle={{ background: palette.panel, borderColor: palette.line, color: palette.ink }} />
          <Legend wrapperStyle={{ color: palette.ink }} />
          {OUTCOME_SERIES.map((series) => (
            <Bar key={series.key} dataKey={series.key} name={intl.formatMessage({ id: series.labelId })} stackId="outcome" fill={palette[series.colour]} legendType={series.shape} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
