/** The console's two themes. */
export const THEMES = ['light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/**
 * Colour tokens, set as CSS custom properties on the root element (`--bg`, `--ink`, …) and read by
 * the charts and the code editors. Every colour the UI paints is one of these; `palette.test.ts`
 * checks every pair the UI puts together against WCAG AA in both themes.
 */
export interface Palette {
  bg: string;
  panel: string;
  ink: string;
  muted: string;
  /** Separators and decorative borders (no contrast requirement). */
  line: string;
  /** Borders that show where a control is (fields, buttons, checkboxes): 3:1. */
  control: string;
  accent: string;
  ok: string;
  warn: string;
  bad: string;
  'accent-soft': string;
  'ok-soft': string;
  'warn-soft': string;
  'bad-soft': string;
  /** Text on a solid `accent` (primary and selected buttons) and on a solid `bad` (destructive buttons). */
  'on-accent': string;
  'on-bad': string;
  sidebar: string;
  'sidebar-ink': string;
  'sidebar-current': string;
  /** The focus ring on the sidebar, which is dark in both themes. */
  'sidebar-focus': string;
  /** Diff lines: removed and added line backgrounds, and the stronger one of the changed text inside them. */
  'diff-deleted': string;
  'diff-inserted': string;
  'diff-deleted-text': string;
  'diff-inserted-text': string;
  /** Syntax colours of the code and JSON editors. */
  'code-property': string;
  'code-string': string;
  'code-number': string;
  'code-atom': string;
  'code-keyword': string;
  'code-comment': string;
}

export const PALETTES: Readonly<Record<Theme, Palette>> = {
  light: {
    bg: '#f6f7f9',
    panel: '#ffffff',
    ink: '#1d2330',
    muted: '#5c6475',
    line: '#d5dae2',
    control: '#7a8396',
    accent: '#2153b8',
    ok: '#1a7343',
    warn: '#8a5300',
    bad: '#b3261e',
    'accent-soft': '#e6eefc',
    'ok-soft': '#e3f4ea',
    'warn-soft': '#fff4e0',
    'bad-soft': '#fbe9e7',
    'on-accent': '#ffffff',
    'on-bad': '#ffffff',
    sidebar: '#1d2330',
    'sidebar-ink': '#e8ebf2',
    'sidebar-current': '#323b4f',
    'sidebar-focus': '#8ab4ff',
    'diff-deleted': '#fbe9e7',
    'diff-inserted': '#e3f4ea',
    'diff-deleted-text': '#f6cdc8',
    'diff-inserted-text': '#c3e8d1',
    'code-property': '#1a4a9c',
    'code-string': '#8f1f17',
    'code-number': '#1a6138',
    'code-atom': '#6b2fa0',
    'code-keyword': '#8a3b00',
    'code-comment': '#4d5566',
  },
  dark: {
    bg: '#12151c',
    panel: '#1b2029',
    ink: '#e6e9ef',
    muted: '#a3abbb',
    line: '#343b49',
    control: '#7a8396',
    accent: '#8ab4ff',
    ok: '#5fd39a',
    warn: '#f0b45a',
    bad: '#ff8f85',
    'accent-soft': '#1f2d4a',
    'ok-soft': '#17352a',
    'warn-soft': '#3a2c12',
    'bad-soft': '#3d1f1d',
    'on-accent': '#12151c',
    'on-bad': '#12151c',
    sidebar: '#0c0e13',
    'sidebar-ink': '#e6e9ef',
    'sidebar-current': '#262d3a',
    'sidebar-focus': '#8ab4ff',
    'diff-deleted': '#3d1f1d',
    'diff-inserted': '#17352a',
    'diff-deleted-text': '#5a2824',
    'diff-inserted-text': '#1f4d37',
    'code-property': '#8ab4ff',
    'code-string': '#ffb4a8',
    'code-number': '#7fe0ad',
    'code-atom': '#d2a8ff',
    'code-keyword': '#f0b45a',
    'code-comment': '#b3bac8',
  },
};

type Pair = readonly [foreground: keyof Palette, background: keyof Palette];

const CODE_INKS = ['ink', 'code-property', 'code-string', 'code-number', 'code-atom', 'code-keyword', 'code-comment'] as const;
const CODE_BACKGROUNDS = ['panel', 'bg', 'diff-deleted', 'diff-inserted', 'diff-deleted-text', 'diff-inserted-text'] as const;

/** Pairs that carry text, [foreground, background]: 4.5:1 (WCAG 1.4.3). */
export const TEXT_PAIRS: ReadonlyArray<Pair> = [
  ['ink', 'bg'],
  ['ink', 'panel'],
  ['ink', 'accent-soft'],
  ['ink', 'bad-soft'],
  ['ink', 'warn-soft'],
  ['muted', 'bg'],
  ['muted', 'panel'],
  ['muted', 'accent-soft'],
  ['accent', 'panel'],
  ['accent', 'bg'],
  ['accent', 'accent-soft'],
  ['ok', 'panel'],
  ['ok', 'bg'],
  ['ok', 'ok-soft'],
  ['warn', 'panel'],
  ['warn', 'bg'],
  ['warn', 'warn-soft'],
  ['bad', 'panel'],
  ['bad', 'bg'],
  ['bad', 'bad-soft'],
  ['on-accent', 'accent'],
  ['on-bad', 'bad'],
  ['sidebar-ink', 'sidebar'],
  ['sidebar-ink', 'sidebar-current'],
  // The diff and code editors: every syntax colour on every line background (line numbers: `muted` on `bg`).
  ...CODE_INKS.flatMap((ink) => CODE_BACKGROUNDS.map((background) => [ink, background] as const)),
];

/** Pairs that show a component, its state or a focus ring, [mark, background]: 3:1 (WCAG 1.4.11). */
export const UI_PAIRS: ReadonlyArray<Pair> = [
  ['control', 'panel'],
  ['control', 'bg'],
  ['accent', 'panel'],
  ['accent', 'bg'],
  ['accent', 'accent-soft'],
  ['sidebar-focus', 'sidebar'],
  ['sidebar-focus', 'sidebar-current'],
  ['sidebar-ink', 'sidebar'],
  // Chart bars and confidence fills on their card, diff gutter marks beside the line backgrounds.
  ...(['ok', 'warn', 'bad', 'muted'] as const).flatMap((mark) => [[mark, 'panel'] as const, [mark, 'bg'] as const]),
  ['ok', 'diff-inserted'],
  ['bad', 'diff-deleted'],
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
