// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfidenceMeter, confidenceBand } from './ConfidenceMeter.js';

describe('the confidence meter', () => {
  afterEach(cleanup);

  it('writes the value as text and exposes it as a labelled meter', () => {
    render(<ConfidenceMeter value={72.25} />);
    const meter = screen.getByRole('meter', { name: 'Confidence' });
    expect(meter.textContent).toBe('72.3 %');
    expect(meter.getAttribute('aria-valuenow')).toBe('72.25');
    expect(meter.getAttribute('aria-valuetext')).toBe('72.3 %, below the auto-apply threshold');
  });

  it('says in words when a value reaches the auto-apply threshold, not only by colour', () => {
    render(<ConfidenceMeter value={85} />);
    const meter = screen.getByTestId('confidence-meter');
    expect(meter.dataset.band).toBe('high');
    expect(meter.getAttribute('aria-valuetext')).toContain('at or above the auto-apply threshold');
    expect(meter.textContent).toBe('85 %');
  });

  it('clamps values outside 0-100 and follows a custom threshold', () => {
    render(<ConfidenceMeter value={140} threshold={95} />);
    const meter = screen.getByTestId('confidence-meter');
    expect(meter.getAttribute('aria-valuenow')).toBe('100');
    expect(meter.querySelector<HTMLElement>('.confidence-fill')!.style.width).toBe('100%');
    expect(meter.querySelector<HTMLElement>('.confidence-threshold')!.style.left).toBe('95%');
    cleanup();
    render(<ConfidenceMeter value={-3} />);
    expect(screen.getByTestId('confidence-meter').textContent).toBe('0 %');
  });

  it('bands values around the threshold', () => {
    expect([confidenceBand(84.9), confidenceBand(85), confidenceBand(60), confidenceBand(59.9)]).toEqual(['medium', 'high', 'medium', 'low']);
  });
});
