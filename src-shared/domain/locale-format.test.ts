import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatNumber, formatPercent, formatRelativeTime } from './locale-format.js';

// Intl's French uses a narrow no-break space (U+202F) to group digits and a no-break space (U+00A0)
// before "%" and "€"; the expectations spell them out so a plain space would fail.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatting in a locale', () => {
  it('writes percentages the French way, with a space before the sign, and the English way without', () => {
    expect(formatPercent('fr', 0.85)).toBe(`85${NBSP}%`);
    expect(formatPercent('en', 0.85)).toBe('85%');
    expect(formatPercent('fr', 0.7225, 1)).toBe(`72,3${NBSP}%`);
  });

  it('groups and separates numbers in the locale', () => {
    expect(formatNumber('fr', 1234.5)).toBe(`1${NNBSP}234,5`);
    expect(formatNumber('en', 1234.5)).toBe('1,234.5');
  });

  it('writes EUR and USD with two decimals and XOF with none', () => {
    expect(formatMoney('fr', '1234.5', 'EUR')).toBe(`1${NNBSP}234,50${NBSP}€`);
    expect(formatMoney('en', '1234.5', 'USD')).toBe('$1,234.50');
    expect(formatMoney('fr', '15000', 'XOF')).toBe(`15${NNBSP}000${NBSP}F${NNBSP}CFA`);
    expect(formatMoney('en', '15000.00', 'XOF')).not.toContain('.');
  });

  it('keeps every digit of an amount too large for a float', () => {
    // As a float, 12345678901234567.89 becomes 12345678901234568.
    expect(formatMoney('en', '12345678901234567.89', 'USD')).toBe('$12,345,678,901,234,567.89');
    expect(formatMoney('en', '-0.01', 'EUR')).toBe('-€0.01');
  });

  it('refuses a currency outside ISO 4217 and an amount that is not a decimal, naming them', () => {
    expect(() => formatMoney('fr', '10', 'eur')).toThrow('currency "eur" is not an ISO 4217 code');
    expect(() => formatMoney('fr', '1e5', 'EUR')).toThrow('amount "1e5" is not a decimal number');
    expect(() => formatMoney('fr', '1,50', 'EUR')).toThrow('amount "1,50"');
  });

  it('writes dates in the locale and leaves text that is not a date as it is', () => {
    const at = '2026-03-05T14:07:00Z';
    expect(formatDate('fr', at, 'date')).toMatch(/^5 mars 2026$/);
    expect(formatDate('en', at, 'date')).toBe('Mar 5, 2026');
    expect(formatDate('fr', 'not a date')).toBe('not a date');
  });

  it('says how long ago in the largest whole unit, in the locale', () => {
    const now = Date.parse('2026-03-05T14:07:00Z');
    expect(formatRelativeTime('fr', now - 3 * 60_000, now)).toBe('il y a 3 minutes');
    expect(formatRelativeTime('en', now - 2 * 24 * 3600_000, now)).toBe('2 days ago');
    expect(formatRelativeTime('en', now + 3600_000, now)).toBe('in 1 hour');
    expect(formatRelativeTime('fr', now - 24 * 3600_000, now)).toBe('hier');
  });
});
