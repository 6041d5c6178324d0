import { Bar, CartesianGrid, ComposedChart, LabelList, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useIntl } from 'react-intl';
import type { ConfidenceBucket } from '../../../../src-shared/analytics/confidence.js';
import { usePalette } from '../../../shared/theme/theme-store.js';
import { ChartCard } from './ChartCard.js';

/**
 * Calibration: for each confidence bucket, the observed success rate of the logs that ended
 * (applied = success; rolled back or failed = failure) against the bucket's own confidence, with
 * the number of ended logs on each bar.
 */
export function CalibrationChart({ buckets }: { buckets: readonly ConfidenceBucket[] }) {
  const palette = usePalette();
  const intl = useIntl();
  const data = buckets.map((b) => ({
    label: b.label,
    observed: b.successRate === null ? null : Math.round(b.successRate * 1000) / 10,
    expected: (b.from + b.to) / 2,
    count: b.decided === 0 ? '' : intl.formatMessage({ id: 'overview.calibration.count' }, { count: b.decided }),
  }));
  const empty = buckets.every((b) => b.decided === 0);
  return (
    <ChartCard
      title={intl.formatMessage({ id: 'overview.calibration.title' })}
      description={intl.formatMessage({ id: 'overview.calibration.description' })}
      testId="chart-calibration"
      empty={empty}
    >
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 20, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={palette.line} strokeDasharray="3 3" />
          <XAxis dataKey="label" interval={0} stroke={palette.muted} tick={{ fill: palette.muted, fontSize: 11 }} />
          <YAxis domain={[0, 100]} unit="%" stroke={palette.muted} tick={{ fill: palette.muted, fontSize: 11 }} />
          <Tooltip contentStyle={{ background: palette.panel, borderColor: palette.line, color: palette.ink }} />
          <Legend wrapperStyle={{ color: palette.ink }} />
          <Bar dataKey="observed" name={intl.formatMessage({ id: 'overview.calibration.observed' })} fill={palette.accent} legendType="square" isAnimationActive={false}>
            <LabelList dataKey="count" position="top" fill={palette.ink} fontSize={11} />
          </Bar>
          <Line dataKey="expected" name={intl.formatMessage({ id: 'overview.calibration.expected' })} stroke={palette.ink} strokeDasharray="5 4" dot={false} legendType="plainline" isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
