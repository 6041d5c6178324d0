import type { LegendType } from 'recharts';
import type { Outcome } from '../../../../src-shared/analytics/confidence.js';
import type { Palette } from '../../../shared/theme/palette.js';

/** How each outcome is drawn: a label, a palette colour and a legend shape (colour is never alone). */
export const OUTCOME_SERIES: ReadonlyArray<{ key: Outcome; label: string; colour: keyof Palette; shape: LegendType }> = [
  { key: 'applied', label: 'Applied', colour: 'ok', shape: 'circle' },
  { key: 'rolled_back', label: 'Rolled back', colour: 'warn', shape: 'triangle' },
  { key: 'failed', label: 'Failed', colour: 'bad', shape: 'cross' },
  { key: 'open', label: 'Open or not applied', colour: 'muted', shape: 'square' },
];
