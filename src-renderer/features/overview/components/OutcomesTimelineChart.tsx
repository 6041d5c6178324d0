import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useIntl } from 'react-intl';
import type { OutcomeDay } from '../../../../src-shared/ipc/overview.js';
import { usePalette } from '../../../shared/theme/theme-store.js';
import { ChartCard } from './ChartCard.js';
import { OUTCOME_SERIES } from './outcome-series.js';

/** Logs created per day (UTC), stacked by outcome. */
export function OutcomesTimelineChart({ timeline }: { timeline: readonly OutcomeDay[] }) {
  const palette = usePalette();
  const intl = useIntl();
  return (
    <ChartCard title={intl.formatMessage({ id: 'overview.timeline.title' })} description={intl.formatMessage({ id: 'overview.timeline.description' })} testId="chart-timeline" empty={timeline.length === 0}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={[...timeline]} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid stroke={palette.line} strokeDasharray="3 3" />
          <XAxis dataKey="day" stroke={palette.muted} tick={{ fill: palette.muted, fontSize: 11 }} tickFormatter={(day: string) => day.slice(5)} />
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
