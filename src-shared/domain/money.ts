import { z } from 'zod';

// ISO 4217 currencies by minor-unit exponent (List One, 2025), funds and metals with no minor unit
// ("N.A.": XAU, XDR, XTS ...) left out: an amount in them cannot be counted in minor units.
const ZERO = ['BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF'];
const THREE = ['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND'];
const FOUR = ['CLF', 'UYW'];
const TWO = [
  'AED', 'AFN', 'ALL', 'AMD', 'ANG', 'AOA', 'ARS', 'AUD', 'AWG', 'AZN', 'BAM', 'BBD', 'BDT', 'BGN', 'BMD', 'BND', 'BOB', 'BOV',
  'BRL', 'BSD', 'BTN', 'BWP', 'BYN', 'BZD', 'CAD', 'CDF', 'CHE', 'CHF', 'CHW', 'CNY', 'COP', 'COU', 'CRC', 'CUP', 'CVE', 'CZK',
  'DKK', 'DOP', 'DZD', 'EGP', 'ERN', 'ETB', 'EUR', 'FJD', 'FKP', 'GBP', 'GEL', 'GHS', 'GIP', 'GMD', 'GTQ', 'GYD', 'HKD', 'HNL',
  'HTG', 'HUF', 'IDR', 'ILS', 'INR', 'IRR', 'JMD', 'KES', 'KGS', 'KHR', 'KPW', 'KYD', 'KZT', 'LAK', 'LBP', 'LKR', 'LRD', 'LSL',
  'MAD', 'MDL', 'MGA', 'MKD', 'MMK', 'MNT', 'MOP', 'MRU', 'MUR', 'MVR', 'MWK', 'MXN', 'MXV', 'MYR', 'MZN', 'NAD', 'NGN', 'NIO',
  'NOK', 'NPR', 'NZD', 'PAB', 'PEN', 'PGK', 'PHP', 'PKR', 'PLN', 'QAR', 'RON', 'RSD', 'RUB', 'SAR', 'SBD', 'SCR', 'SDG', 'SEK',
  'SGD', 'SHP', 'SLE', 'SLL', 'SOS', 'SRD', 'SSP', 'STN', 'SVC', 'SYP', 'SZL', 'THB', 'TJS', 'TMT', 'TOP', 'TRY', 'TTD', 'TWD',
  'TZS', 'UAH', 'USD', 'USN', 'UYU', 'UZS', 'VED', 'VES', 'WST', 'XCD', 'XCG', 'YER', 'ZAR', 'ZMW', 'ZWG',
];

/**
 * ISO 4217 minor-unit exponent of each currency code: an amount of `1` in the currency is
 * `10 ** exponent` minor units (XOF and JPY 0, EUR and USD 2, KWD and TND 3, CLF 4). The server
 * passes this table to the SQL normalizer as a parameter, so there is one copy of it.
 */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries([...ZERO.map((c) => [c, 0]), ...TWO.map((c) => [c, 2]), ...THREE.map((c) => [c, 3]), ...FOUR.map((c) => [c, 4])]),
);

/** The exponent of an ISO 4217 code (upper case), or undefined for a code outside the table. */
export function currencyExponent(code: string): number | undefined {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code) ? CURRENCY_EXPONENTS[code] : undefined;
}

/** A plain decimal number as text: optional minus, digits, optional fraction. No exponent, no grouping. */
export const DECIMAL_AMOUNT = /^-?[0-9]+(?:\.[0-9]+)?$/;
/** Longest amount text accepted; longer ones are refused before any arithmetic. */
export const MAX_AMOUNT_TEXT = 100;
/** Largest number of minor units a normalized event carries: a JSON integer every client reads exactly. */
export const MAX_MINOR_UNITS = Number.MAX_SAFE_INTEGER;

export const CurrencyCodeSchema = z.string().refine((code) => currencyExponent(code) !== undefined, 'an ISO 4217 currency code in upper case, e.g. "XOF"');
export const DecimalAmountSchema = z.string().regex(DECIMAL_AMOUNT, 'a decimal number as text, e.g. "199.00"');

/**
 * The money of a normalized order or payment event: `amount` with exactly the currency's number of
 * decimals, `amount_minor` the same value in minor units, and the upper-case ISO 4217 code.
 */
export const NormalizedMoneySchema = z.object({
  amount: DecimalAmountSchema,
  amount_minor: z.number().int().min(-MAX_MINOR_UNITS).max(MAX_MINOR_UNITS),
  currency: CurrencyCodeSchema,
});
export type NormalizedMoney = z.infer<typeof NormalizedMoneySchema>;

/** Why an amount and currency were refused: the field at fault and a sentence naming the value. */
export interface MoneyProblem {
  field: 'amount' | 'currency';
  message: string;
}

/**
 * The exact decimal text of a JavaScript number (the shortest text that reads back as the same
 * double, written out without an exponent), or undefined for NaN and infinities.
 */
export function decimalTextOfNumber(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const match = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!match) return undefined;
  const [, sign, whole, fraction = '', exponentText = '0'] = match;
  const digits = whole! + fraction;
  const point = whole!.length + Number(exponentText);
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) text = digits + '0'.repeat(point - digits.length);
  else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return sign + text.replace(/^0+(?=\d)/, '');
}

/**
 * The amount in minor units of a currency with `exponent` decimals: exact (string and bigint
 * arithmetic, never a float). Undefined when the text is not a plain decimal, or when it has
 * non-zero digits beyond the exponent ("12.345" in USD); trailing zeros are fine ("89.9900" in EUR).
 */
export function decimalToMinor(amount: string, exponent: number): bigint | undefined {
  const match = /^(-?)([0-9]+)(?:\.([0-9]+))?$/.exec(amount);
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  if (/[^0]/.test(fraction.slice(exponent))) return undefined;
  const minor = BigInt(whole! + fraction.slice(0, exponent).padEnd(exponent, '0'));
  return sign ? -minor : minor;
}

/** The decimal text of `minor` minor units, with exactly `exponent` decimals ("199.00", "55000", "1.500"). */
export function minorToDecimal(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const text = exponent === 0 ? digits : `${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`;
  return negative ? `-${text}` : text;
}

const quote = (text: string) => JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * The money rules of a normalized event, applied to an amount and a currency as a platform sent
 * them. The amount may be a decimal string ("199.00": Shopify, WooCommerce) or a JSON number
 * (PrestaShop, Magento); the currency an ISO 4217 code in any case. The checks run in this order,
 * and the SQL normalizer runs the same ones: amount present, amount a plain decimal of at most
 * MAX_AMOUNT_TEXT characters, currency present, currency known, no more decimals than the currency
 * has, at most MAX_MINOR_UNITS minor units.
 */
export function normalizeMoney(amount: unknown, currency: unknown): { ok: true; money: NormalizedMoney } | ({ ok: false } & MoneyProblem) {
  const fail = (field: MoneyProblem['field'], message: string) => ({ ok: false as const, field, message });
  if (amount === undefined || amount === null) return fail('amount', 'missing');
  const text = typeof amount === 'string' ? amount : typeof amount === 'number' ? decimalTextOfNumber(amount) : undefined;
  if (text === undefined) return fail('amount', `must be a decimal string such as "199.00" or a number, not ${Array.isArray(amount) ? 'array' : typeof amount}`);
  if (!DECIMAL_AMOUNT.test(text)) return fail('amount', `${quote(text)} is not a decimal number`);
  if (text.length > MAX_AMOUNT_TEXT) return fail('amount', `has more than ${MAX_AMOUNT_TEXT} characters`);
  if (currency === undefined || currency === null) return fail('currency', 'missing: an amount needs its ISO 4217 currency code');
  const code = typeof currency === 'string' ? currency.toUpperCase() : '';
  const exponent = /^[A-Z]{3}$/.test(code) ? currencyExponent(code) : undefined;
  if (exponent === undefined) {
    return fail('currency', `${typeof currency === 'string' ? quote(currency) : JSON.stringify(currency)?.slice(0, 40) ?? typeof currency} is not an ISO 4217 currency code`);
  }
  const minor = decimalToMinor(text, exponent);
  if (minor === undefined) return fail('amount', `${quote(text)} has more decimals than ${code} allows (${exponent})`);
  if (minor > BigInt(MAX_MINOR_UNITS) || minor < -BigInt(MAX_MINOR_UNITS)) {
    return fail('amount', `${quote(text)} is beyond ${MAX_MINOR_UNITS} minor units of ${code}`);
  }
  return { ok: true, money: { amount: minorToDecimal(minor, exponent), amount_minor: Number(minor), currency: code } };
}
