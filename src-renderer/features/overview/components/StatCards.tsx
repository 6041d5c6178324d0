import { useIntl } from 'react-intl';
import type { OverviewStats } from '../../../../src-shared/ipc/overview.js';
import { formatCount as countIn, formatPercent as percentIn } from '../format.js';

interface Card {
  key: string;
  /** Message id of the card's name. */
  labelId: string;
  value: string;
  tone: 'neutral' | 'ok' | 'warn' | 'bad';
}

function cardsOf(stats: OverviewStats, locale: string): Card[] {
  const formatCount = (value: number) => countIn(locale, value);
  const formatPercent = (value: number | null) => percentIn(locale, value);
  return [
    { key: 'total', labelId: 'overview.stats.total', value: formatCount(stats.total), tone: 'neutral' },
    { key: 'applied', labelId: 'overview.stats.applied', value: formatCount(stats.applied), tone: 'ok' },
    { key: 'rolled_back', labelId: 'overview.stats.rolled_back', value: formatCount(stats.rolled_back), tone: 'warn' },
    { key: 'failed', labelId: 'overview.stats.failed', value: formatCount(stats.failed), tone: 'bad' },
    { key: 'avg_confidence', labelId: 'overview.stats.avg_confidence', value: formatPercent(stats.avg_confidence), tone: 'neutral' },
    { key: 'success_rate', labelId: 'overview.stats.success_rate', value: formatPercent(stats.success_rate), tone: 'neutral' },
  ];
}

/** The seed's six stat cards; each names its figure in text (the tone is decoration only). */
export function StatCards({ stats, days }: { stats: OverviewStats; days: number }) {
  const intl = useIntl();
  return (
    <section className="stat-cards" aria-label={intl.formatMessage({ id: 'overview.stats.label' }, { days })} data-testid="stat-cards">
      {cardsOf(stats, intl.locale).map((card) => (
        <div key={card.key} className={`stat-card stat-${card.tone}`} data-testid={`stat-${card.key}`}>
          <div className="stat-label">{intl.formatMessage({ id: card.labelId })}</div>
          <div className="stat-value" data-testid="stat-value">
            {card.value}
          </div>
        </div>
      ))}
      <p className="stat-footnote muted">{intl.formatMessage({ id: 'overview.stats.footnote' })}</p>
    </section>
  );
}
