// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReactElement } from 'react';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import type { Locale } from '../../../infra/i18n/locale-store.js';
import { ConfidenceMeter as Meter, confidenceBand } from './ConfidenceMeter.js';

const inLocale = (locale: Locale, element: ReactElement) => render(<I18nProvider locale={locale}>{element}</I18nProvider>);
const ConfidenceMeter = (props: { value: number; threshold?: number }) => (
  <I18nProvider locale="en">
    <Meter {...props} />
  </I18nProvider>
);

describe('the confidence meter', () => {
  afterEach(cleanup);

  it('writes the value as text and exposes it as a labelled meter', () => {
    render(<ConfidenceMeter value={72.25} />);
    const meter = screen.getByRole('meter', { name: 'Confidence' });
    expect(meter.textContent).toBe('72.3%');
    expect(meter.getAttribute('aria-valuenow')).toBe('72.25');
    expect(meter.getAttribute('aria-valuetext')).toBe('72.3%, below the auto-apply threshold');
  });

  it('says in words when a value reaches the auto-apply threshold, not only by colour', () => {
    render(<ConfidenceMeter value={85} />);
    const meter = screen.getByTestId('confidence-meter');
    expect(meter.dataset.band).toBe('high');
    expect(meter.getAttribute('aria-valuetext')).toContain('at or above the auto-apply threshold');
    expect(meter.textContent).toBe('85%');
  });

  it('clamps values outside 0-100 and follows a custom threshold', () => {
    render(<ConfidenceMeter value={140} threshold={95} />);
    const meter = screen.getByTestId('confidence-meter');
    expect(meter.getAttribute('aria-valuenow')).toBe('100');
    expect(meter.querySelector<HTMLElement>('.confidence-fill')!.style.width).toBe('100%');
    expect(meter.querySelector<HTMLElement>('.confidence-threshold')!.style.left).toBe('95%');
    cleanup();
    render(<ConfidenceMeter value={-3} />);
    expect(screen.getByTestId('confidence-meter').textContent).toBe('0%');
  });

  it('writes the value and its band in French with the French percent spacing and decimal comma', () => {
    inLocale('fr', <Meter value={72.25} />);
    const meter = screen.getByRole('meter', { name: 'Confiance' });
    // Intl puts a no-break space before the percent sign in French.
    expect(meter.textContent).toBe('72,3\u00a0%');
    expect(meter.getAttribute('aria-valuetext')).toBe('72,3\u00a0%, sous le seuil d’application automatique');
  });

  it('bands values around the threshold', () => {
    expect([confidenceBand(84.9), confidenceBand(85), confidenceBand(60), confidenceBand(59.9)]).toEqual(['medium', 'high', 'medium', 'low']);
  });
});
