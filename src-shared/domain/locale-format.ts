import { currencyExponent, DECIMAL_AMOUNT, MAX_AMOUNT_TEXT } from './money.js';

// Numbers, percentages, dates, relative times and money in a locale, through `Intl` only: the console's
// screens and the main process's notifications format the same way ("85 %" and "1 234,50 €" in French).
// Formatters are built once per locale and options (building one per call shows when a table scrolls).

const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(key: string, build: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    formatter = build();
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A count or measure with the locale's grouping and decimal separator ("1 234,5" in French). */
export function formatNumber(locale: string, value: number, maximumFractionDigits = 2): string {
  return cached(`n:${locale}:${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { maximumFractionDigits })).format(value);
}

/** A ratio (0.85) as a percentage in the locale's style ("85%", "85 %"). */
export function formatPercent(locale: string, ratio: number, maximumFractionDigits = 0): string {
  return cached(`p:${locale}:${maximumFractionDigits}`, () => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits })).format(ratio);
}

export type DateStyle = 'date' | 'time' | 'dateTime' | 'shortDateTime';
const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'medium' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  shortDateTime: { dateStyle: 'short', timeStyle: 'medium' },
};

/** An instant (ISO text, epoch milliseconds or Date) in the locale; text that is not a date is returned as it is. */
export function formatDate(locale: string, at: string | number | Date, style: DateStyle = 'dateTime'): string {
  const time = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(time.getTime())) return String(at);
  return cached(`d:${locale}:${style}`, () => new Intl.DateTimeFormat(locale, DATE_OPTIONS[style])).format(time);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
  ['second', 1000],
];

/** How long ago (or ahead) an instant is from `now`, in the largest whole unit ("il y a 3 minutes", "in 2 days"). */
export function formatRelativeTime(locale: string, at: string | number | Date, now: number = Date.now()): string {
  const time = (at instanceof Date ? at : new Date(at)).getTime();
  if (Number.isNaN(time)) return String(at);
  const delta = time - now;
  const [unit, size] = UNITS.find(([, ms]) => Math.abs(delta) >= ms) ?? ['second', 1000];
  return cached(`r:${locale}`, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })).format(Math.round(delta / size), unit);
}

/**
 * An exact decimal amount (text, as amounts travel in this codebase) in its currency, with the
 * currency's ISO 4217 number of decimals: XOF none, EUR and USD two ("1 234,50 €", "$1,234.50",
 * "1 235 F CFA"). The text is handed to `Intl` as a decimal string, never through a float, so no digit
 * is lost; a currency outside ISO 4217 or an amount that is not a plain decimal is refused by name.
 */
export function formatMoney(locale: string, amount: string, currency: string): string {
  const exponent = currencyExponent(currency);
  if (exponent === undefined) throw new RangeError(`currency "${currency}" is not an ISO 4217 code in upper case`);
  if (amount.length > MAX_AMOUNT_TEXT || !DECIMAL_AMOUNT.test(amount)) throw new RangeError(`amount "${amount.slice(0, 40)}" is not a decimal number as text, e.g. "199.00"`);
  const formatter = cached(
    `m:${locale}:${currency}`,
    () => new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: exponent, maximumFractionDigits: exponent }),
  );
  // ES2023 Intl.NumberFormat reads a numeric string as an exact decimal.
  return formatter.format(amount as `${number}`);
}
