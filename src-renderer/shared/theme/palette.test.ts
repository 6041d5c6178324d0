import { describe, expect, it } from 'vitest';
import { contrastRatio, PALETTES, TEXT_PAIRS, THEMES, UI_PAIRS, type Palette } from './palette.js';

const failing = (theme: (typeof THEMES)[number], pairs: ReadonlyArray<readonly [keyof Palette, keyof Palette]>, minimum: number) =>
  pairs
    .map(([fg, bg]) => ({ pair: `${fg} on ${bg}`, ratio: Number(contrastRatio(PALETTES[theme][fg], PALETTES[theme][bg]).toFixed(2)) }))
    .filter(({ ratio }) => ratio < minimum);

describe('the theme palettes', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(contrastRatio('#ffffff', '#ffffff')).toBe(1);
  });

  for (const theme of THEMES) {
    it(`gives every text colour of the ${theme} theme at least 4.5:1 on the backgrounds it is used on (WCAG AA 1.4.3)`, () => {
      expect(failing(theme, TEXT_PAIRS, 4.5)).toEqual([]);
    });

    it(`gives every control border, focus ring, chart mark and diff mark of the ${theme} theme at least 3:1 (WCAG AA 1.4.11)`, () => {
      expect(failing(theme, UI_PAIRS, 3)).toEqual([]);
    });
  }

  it('would catch a low-contrast pair', () => {
    const washedOut = { ...PALETTES.dark, muted: '#4a5060' };
    expect(contrastRatio(washedOut.muted, washedOut.panel)).toBeLessThan(4.5);
  });

  it('defines the same tokens in both themes, each a #rrggbb colour', () => {
    expect(Object.keys(PALETTES.dark).sort()).toEqual(Object.keys(PALETTES.light).sort());
    for (const theme of THEMES) for (const value of Object.values(PALETTES[theme])) expect(value).toMatch(/^#[0-9a-f]{6}$/);
  });
});
