/** Formats for the overview's figures (a missing value reads as an em dash, never as 0). */
export const formatCount = (value: number) => value.toLocaleString('en-US');
export const formatPercent = (value: number | null, digits = 1) => (value === null ? '—' : `${value.toFixed(digits)} %`);
export const formatRatio = (value: number | null, digits = 1) => (value === null ? '—' : formatPercent(value * 100, digits));
