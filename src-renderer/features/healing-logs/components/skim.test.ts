import { describe, expect, it } from 'vitest';
import { nextSkim } from './LogTable.js';

describe('skimming rows during a fast scroll', () => {
  const viewport = 700;
  it('skims on a step longer than the window, and only while scrolling', () => {
    expect(nextSkim(false, true, 701, viewport)).toBe(true);
    expect(nextSkim(false, true, 700, viewport)).toBe(false);
    expect(nextSkim(true, false, 5000, viewport)).toBe(false);
  });

  it('shows whole rows again at the first shorter step, in either direction', () => {
    expect(nextSkim(true, true, 350, viewport)).toBe(false);
    expect(nextSkim(false, true, 2800, viewport)).toBe(true);
  });

  it('keeps its state on a call without movement, and never skims before the window has a height', () => {
    expect(nextSkim(true, true, 0, viewport)).toBe(true);
    expect(nextSkim(false, true, 0, viewport)).toBe(false);
    expect(nextSkim(false, true, 5000, 0)).toBe(false);
  });
});
