// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { StatCards } from './StatCards.js';

const STATS = { total: 12_345, applied: 80, rolled_back: 15, failed: 5, pending_review: 3, avg_confidence: 81.456, success_rate: 80 };
const value = (key: string) => within(screen.getByTestId(`stat-${key}`)).getByTestId('stat-value').textContent;

describe('the stat cards', () => {
  afterEach(cleanup);

  it('shows the six figures of the period, each with its name in text', () => {
    render(
      <I18nProvider locale="en">
        <StatCards days={30} stats={STATS} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('stat-cards').getAttribute('aria-label')).toBe('Statistics over the last 30 days');
    expect(value('total')).toBe('12,345');
    expect(value('applied')).toBe('80');
    expect(value('rolled_back')).toBe('15');
    expect(value('failed')).toBe('5');
    expect(value('avg_confidence')).toBe('81.5%');
    expect(value('success_rate')).toBe('80%');
    expect(screen.getByTestId('stat-failed').textContent).toContain('Failed');
  });

  it('shows a dash rather than zero when a rate has nothing to be computed from', () => {
    render(
      <I18nProvider locale="en">
        <StatCards days={7} stats={{ total: 0, applied: 0, rolled_back: 0, failed: 0, pending_review: 0, avg_confidence: null, success_rate: null }} />
      </I18nProvider>,
    );
    expect(value('avg_confidence')).toBe('—');
    expect(value('success_rate')).toBe('—');
    expect(value('total')).toBe('0');
  });

  it('in French, names the figures in French with French grouping and percentages', () => {
    render(
      <I18nProvider locale="fr">
        <StatCards days={30} stats={STATS} />
      </I18nProvider>,
    );
    expect(screen.getByTestId('stat-cards').getAttribute('aria-label')).toBe('Statistiques des 30 derniers jours');
    expect(value('total')).toBe('12\u202f345');
    expect(value('avg_confidence')).toBe('81,5\u00a0%');
    expect(screen.getByTestId('stat-rolled_back').textContent).toContain('Corrections annulées');
  });
});
