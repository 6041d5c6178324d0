import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';

/** A titled chart panel with a one-line explanation; `empty` replaces the chart when there is no data. */
export function ChartCard({ title, description, testId, empty, children }: { title: string; description: string; testId: string; empty: boolean; children: ReactNode }) {
  const intl = useIntl();
  return (
    <section className="chart-card" data-testid={testId} data-empty={empty} aria-label={title}>
      <h2>{title}</h2>
      <p className="muted chart-description">{description}</p>
      {empty ? <p className="chart-empty">{intl.formatMessage({ id: 'overview.chart.empty' })}</p> : <div className="chart-body">{children}</div>}
    </section>
  );
}
