/** The console's two themes. */
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Colour tokens, set as CSS custom properties on the root element (`--bg`, `--ink`, …) and read by
 * the charts. Text tokens are chosen to pass WCAG AA (4.5:1) on `bg`, `panel` and their badge
 * backgrounds; `palette.test.ts` checks every pair that carries text.
 */
export interface Palette {
  bg: string;
  panel: string;
  ink: string;
  muted: string;
  line: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
  'accent-soft': string;
  'ok-soft': string;
  'warn-soft': string;
  'bad-soft': string;
  sidebar: string;
  'sidebar-ink': string;
  'sidebar-current': string;
}

export const PALETTES: Readonly<Record<Theme, Palette>> = {
  light: {
    bg: '#f6f7f9',
    panel: '#ffffff',
    ink: '#1d2330',
    muted: '#5c6475',
    line: '#d5dae2',
    accent: '#2153b8',
    ok: '#1a7343',
    warn: '#8a5300',
    bad: '#b3261e',
    'accent-soft': '#e6eefc',
    'ok-soft': '#e3f4ea',
    'warn-soft': '#fff4e0',
    'bad-soft': '#fbe9e7',
    sidebar: '#1d2330',
    'sidebar-ink': '#e8ebf2',
    'sidebar-current': '#323b4f',
  },
  dark: {
    bg: '#12151c',
    panel: '#1b2029',
    ink: '#e6e9ef',
    muted: '#a3abbb',
    line: '#343b49',
    accent: '#8ab4ff',
    ok: '#5fd39a',
    warn: '#f0b45a',
    bad: '#ff8f85',
    'accent-soft': '#1f2d4a',
    'ok-soft': '#17352a',
    'warn-soft': '#3a2c12',
    'bad-soft': '#3d1f1d',
    sidebar: '#0c0e13',
    'sidebar-ink': '#e6e9ef',
    'sidebar-current': '#262d3a',
  },
};

/** Pairs that carry text: [foreground, background]. */
export const TEXT_PAIRS: ReadonlyArray<readonly [keyof Palette, keyof Palette]> = [
  ['ink', 'bg'],
  ['ink', 'panel'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['accent', 'panel'],
  ['accent', 'bg'],
  ['accent', 'accent-soft'],
  ['ok', 'panel'],
  ['ok', 'ok-soft'],
  ['warn', 'panel'],
  ['warn', 'warn-soft'],
  ['bad', 'panel'],
  ['bad', 'bad-soft'],
  ['sidebar-ink', 'sidebar'],
  ['sidebar-ink', 'sidebar-current'],
];

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(foreground: string, background: string): number {
  const [a, b] = [relativeLuminance(foreground), relativeLuminance(background)];
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map((part) => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
