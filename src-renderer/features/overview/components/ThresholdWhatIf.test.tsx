// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConfidenceHistogramRow } from '../../../../src-shared/analytics/confidence.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { ThresholdWhatIf } from './ThresholdWhatIf.js';

const renderWhatIf = (rows: ConfidenceHistogramRow[]) =>
  render(
    <I18nProvider locale="en">
      <ThresholdWhatIf histogram={rows} />
    </I18nProvider>,
  );

const row = (confidence: number, counts: Partial<Omit<ConfidenceHistogramRow, 'confidence'>>): ConfidenceHistogramRow => ({
  confidence,
  applied: 0,
  rolled_back: 0,
  failed: 0,
  open: 0,
  ...counts,
});
const histogram = [row(40, { applied: 1, failed: 3 }), row(70, { applied: 4, rolled_back: 1 }), row(90, { applied: 9, failed: 1, open: 2 })];
const text = (id: string) => screen.getByTestId(id).textContent;

describe('the threshold what-if', () => {
  afterEach(cleanup);

  it('counts what would have auto-applied at a threshold of 85', () => {
    renderWhatIf(histogram);
    const slider = screen.getByLabelText<HTMLInputElement>('Auto-apply threshold');
    fireEvent.change(slider, { target: { value: '85' } });
    expect(slider.value).toBe('85');
    expect(text('what-if-auto-applied')).toBe('12 of 21');
    expect(text('what-if-review')).toBe('9');
    expect(text('what-if-failure-rate')).toContain('10%');
    expect(text('what-if-failure-rate')).toContain('1 rolled back or failed of 10 with an outcome');
  });

  it('updates the figures as the slider moves', () => {
    renderWhatIf(histogram);
    const slider = screen.getByLabelText<HTMLInputElement>('Auto-apply threshold');
    fireEvent.change(slider, { target: { value: '60' } });
    expect(text('threshold-value')).toBe('≥ 60%');
    expect(screen.getByTestId('threshold-what-if').getAttribute('data-threshold')).toBe('60');
    expect(text('what-if-auto-applied')).toBe('17 of 21');
    expect(text('what-if-failure-rate')).toContain('13.3%');
    fireEvent.change(slider, { target: { value: '30' } });
    expect(text('what-if-auto-applied')).toBe('21 of 21');
    expect(text('what-if-failure-rate')).toContain('5 rolled back or failed of 19');
  });

  it('says there is no failure rate when nothing above the threshold has ended', () => {
    renderWhatIf([row(95, { open: 3 })]);
    fireEvent.change(screen.getByLabelText('Auto-apply threshold'), { target: { value: '90' } });
    expect(text('what-if-auto-applied')).toBe('3 of 3');
    expect(text('what-if-failure-rate')).toContain('—');
  });
});
