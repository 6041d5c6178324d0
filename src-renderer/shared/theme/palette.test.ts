import { describe, expect, it } from 'vitest';
import { contrastRatio, PALETTES, TEXT_PAIRS, THEMES } from './palette.js';

describe('the theme palettes', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  for (const theme of THEMES) {
    it(`gives every text colour of the ${theme} theme at least 4.5:1 on its backgrounds (WCAG AA)`, () => {
      const failing = TEXT_PAIRS.map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: contrastRatio(PALETTES[theme][fg], PALETTES[theme][bg]) })).filter(
        ({ ratio }) => ratio < 4.5,
      );
      expect(failing).toEqual([]);
    });
  }

  it('defines the same tokens in both themes', () => {
    expect(Object.keys(PALETTES.dark).sort()).toEqual(Object.keys(PALETTES.light).sort());
  });
});
