import type { LegendType } from 'recharts';
import type { Outcome } from '../../../../src-shared/analytics/confidence.js';
import type { Palette } from '../../../shared/theme/palette.js';

/** How each outcome is drawn: its name's message id, a palette colour and a legend shape (colour is never alone). */
export const OUTCOME_SERIES: ReadonlyArray<{ key: Outcome; labelId: string; colour: keyof Palette; shape: LegendType }> = [
  { key: 'applied', labelId: 'overview.outcome.applied', colour: 'ok', shape: 'circle' },
  { key: 'rolled_back', labelId: 'overview.outcome.rolled_back', colour: 'warn', shape: 'triangle' },
  { key: 'failed', labelId: 'overview.outcome.failed', colour: 'bad', shape: 'cross' },
  { key: 'open', labelId: 'overview.outcome.open', colour: 'muted', shape: 'square' },
];
