import { formatNumber, formatPercent as percentIn } from '../../../src-shared/domain/locale-format.js';

/** Formats for the overview's figures in the reader's locale (a missing value reads as an em dash, never as 0). */
export const formatCount = (locale: string, value: number) => formatNumber(locale, value, 0);
/** A value in percent (81.5) as the locale writes it: "81.5%", "81,5 %". */
export const formatPercent = (locale: string, value: number | null, digits = 1) => (value === null ? '—' : percentIn(locale, value / 100, digits));
/** A ratio (0.133) as a percentage in the locale. */
export const formatRatio = (locale: string, value: number | null, digits = 1) => (value === null ? '—' : percentIn(locale, value, digits));
