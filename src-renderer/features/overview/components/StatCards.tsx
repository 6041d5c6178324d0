import type { OverviewStats } from '../../../../src-shared/ipc/overview.js';
import { formatCount, formatPercent } from '../format.js';

interface Card {
  key: string;
  label: string;
  value: string;
  tone: 'neutral' | 'ok' | 'warn' | 'bad';
}

function cardsOf(stats: OverviewStats): Card[] {
  return [
    { key: 'total', label: 'Total logs', value: formatCount(stats.total), tone: 'neutral' },
    { key: 'applied', label: 'Applied', value: formatCount(stats.applied), tone: 'ok' },
    { key: 'rolled_back', label: 'Rolled back', value: formatCount(stats.rolled_back), tone: 'warn' },
    { key: 'failed', label: 'Failed', value: formatCount(stats.failed), tone: 'bad' },
    { key: 'avg_confidence', label: 'Average confidence', value: formatPercent(stats.avg_confidence), tone: 'neutral' },
    { key: 'success_rate', label: 'Success rate', value: formatPercent(stats.success_rate), tone: 'neutral' },
  ];
}

/** The seed's six stat cards; each names its figure in text (the tone is decoration only). */
export function StatCards({ stats, days }: { stats: OverviewStats; days: number }) {
  return (
    <section className="stat-cards" aria-label={`Statistics over the last ${days} days`} data-testid="stat-cards">
      {cardsOf(stats).map((card) => (
        <div key={card.key} className={`stat-card stat-${card.tone}`} data-testid={`stat-${card.key}`}>
          <div className="stat-label">{card.label}</div>
          <div className="stat-value" data-testid="stat-value">
            {card.value}
          </div>
        </div>
      ))}
      <p className="stat-footnote muted">Success rate: applied ÷ (applied + rolled back + failed).</p>
    </section>
  );
}
