import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CURRENCY_EXPONENTS,
  MAX_MINOR_UNITS,
  NormalizedMoneySchema,
  currencyExponent,
  decimalTextOfNumber,
  decimalToMinor,
  minorToDecimal,
  normalizeMoney,
} from './money.js';

const codes = Object.keys(CURRENCY_EXPONENTS);
const currency = fc.constantFrom(...codes);
const exponent = fc.integer({ min: 0, max: 4 });
const minorUnits = fc.bigInt({ min: -BigInt(MAX_MINOR_UNITS), max: BigInt(MAX_MINOR_UNITS) });
const digits = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

describe('ISO 4217 exponents', () => {
  it('give XOF and JPY no decimals, EUR and USD two, BHD, KWD and TND three', () => {
    expect([currencyExponent('XOF'), currencyExponent('JPY'), currencyExponent('XAF')]).toEqual([0, 0, 0]);
    expect([currencyExponent('EUR'), currencyExponent('USD'), currencyExponent('GHS'), currencyExponent('NGN')]).toEqual([2, 2, 2, 2]);
    expect([currencyExponent('BHD'), currencyExponent('KWD'), currencyExponent('TND'), currencyExponent('OMR')]).toEqual([3, 3, 3, 3]);
    expect(currencyExponent('CLF')).toBe(4);
  });

  it('know no code outside ISO 4217 List One, nor funds and metals without a minor unit, nor object keys', () => {
    for (const code of ['XYZ', 'usd', 'XAU', 'XDR', 'XTS', 'toString', '__proto__', 'constructor']) expect(currencyExponent(code)).toBeUndefined();
    expect(codes.every((code) => /^[A-Z]{3}$/.test(code))).toBe(true);
  });
});

describe('money in minor units', () => {
  it('round-trips minor units through the decimal text, for every exponent', () => {
    fc.assert(
      fc.property(minorUnits, exponent, (minor, exp) => {
        const text = minorToDecimal(minor, exp);
        expect(text).toMatch(exp === 0 ? /^-?\d+$/ : new RegExp(`^-?\\d+\\.\\d{${exp}}$`));
        expect(decimalToMinor(text, exp)).toBe(minor);
      }),
    );
  });

  it('round-trips a decimal text through minor units to the same value, padded or trimmed to the exponent', () => {
    fc.assert(
      fc.property(fc.boolean(), digits(1, 18), digits(0, 6), exponent, digits(0, 4), (negative, whole, fraction, exp, zeros) => {
        const kept = fraction.slice(0, exp);
        const text = `${negative ? '-' : ''}${whole}${kept || zeros ? '.' : ''}${kept}${'0'.repeat(zeros.length)}`;
        const minor = decimalToMinor(text, exp);
        expect(minor).toBeDefined();
        // Compare as exact rationals: text × 10^exp = minor.
        const canonical = minorToDecimal(minor!, exp);
        expect(decimalToMinor(canonical, exp)).toBe(minor);
        const scaled = BigInt(`${negative ? '-' : ''}${whole}${kept.padEnd(exp, '0')}`);
        expect(minor).toBe(scaled);
      }),
    );
  });

  it('refuses an amount with a non-zero digit beyond the exponent', () => {
    fc.assert(
      fc.property(digits(1, 10), exponent, digits(0, 3), fc.constantFrom(...'123456789'), (whole, exp, middle, last) => {
        const fraction = `${'0'.repeat(exp)}${middle}${last}`;
        expect(decimalToMinor(`${whole}.${fraction}`, exp)).toBeUndefined();
      }),
    );
    expect(decimalToMinor('12.345', 2)).toBeUndefined();
    expect(decimalToMinor('1.5', 0)).toBeUndefined();
    expect(decimalToMinor('89.9900', 2)).toBe(8999n);
  });

  it('writes any finite double as its shortest exact decimal, never through float arithmetic', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        const text = decimalTextOfNumber(value)!;
        expect(text).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(text)).toBe(value === 0 ? 0 : value);
      }),
    );
    expect(decimalTextOfNumber(1e21)).toBe('1000000000000000000000');
    expect(decimalTextOfNumber(1.5e-7)).toBe('0.00000015');
    expect(decimalTextOfNumber(-120.5)).toBe('-120.5');
    expect(decimalTextOfNumber(Number.NaN)).toBeUndefined();
  });
});

describe('normalizeMoney', () => {
  it('turns the amounts platforms send, as strings or numbers, into exact money', () => {
    expect(normalizeMoney('199.00', 'USD')).toEqual({ ok: true, money: { amount: '199.00', amount_minor: 19900, currency: 'USD' } });
    expect(normalizeMoney('55000.00', 'XOF')).toEqual({ ok: true, money: { amount: '55000', amount_minor: 55000, currency: 'XOF' } });
    expect(normalizeMoney(120.5, 'EUR')).toEqual({ ok: true, money: { amount: '120.50', amount_minor: 12050, currency: 'EUR' } });
    expect(normalizeMoney('89.9900', 'eur')).toEqual({ ok: true, money: { amount: '89.99', amount_minor: 8999, currency: 'EUR' } });
    expect(normalizeMoney('61.800000', 'TND')).toEqual({ ok: true, money: { amount: '61.800', amount_minor: 61800, currency: 'TND' } });
    expect(normalizeMoney(1200, 'JPY')).toEqual({ ok: true, money: { amount: '1200', amount_minor: 1200, currency: 'JPY' } });
    expect(normalizeMoney(0.1 + 0.2, 'USD')).toMatchObject({ ok: false, field: 'amount' });
  });

  it('names the field at fault for a missing, malformed or unknown value', () => {
    expect(normalizeMoney(undefined, 'USD')).toEqual({ ok: false, field: 'amount', message: 'missing' });
    expect(normalizeMoney('1,000.00', 'USD')).toEqual({ ok: false, field: 'amount', message: '"1,000.00" is not a decimal number' });
    expect(normalizeMoney('1e3', 'USD')).toMatchObject({ ok: false, field: 'amount' });
    expect(normalizeMoney(true, 'USD')).toEqual({ ok: false, field: 'amount', message: 'must be a decimal string such as "199.00" or a number, not boolean' });
    expect(normalizeMoney('10', undefined)).toEqual({ ok: false, field: 'currency', message: 'missing: an amount needs its ISO 4217 currency code' });
    expect(normalizeMoney('10', 'XYZ')).toEqual({ ok: false, field: 'currency', message: '"XYZ" is not an ISO 4217 currency code' });
    expect(normalizeMoney('10', 978)).toMatchObject({ ok: false, field: 'currency' });
    expect(normalizeMoney('12.345', 'USD')).toEqual({ ok: false, field: 'amount', message: '"12.345" has more decimals than USD allows (2)' });
    expect(normalizeMoney('1.5', 'XOF')).toEqual({ ok: false, field: 'amount', message: '"1.5" has more decimals than XOF allows (0)' });
    expect(normalizeMoney('90071992547409.92', 'USD')).toMatchObject({ ok: false, field: 'amount', message: expect.stringContaining('beyond') });
  });

  it('always answers money the contract accepts, or a problem, for any input', () => {
    const anyAmount = fc.oneof(fc.double(), fc.string(), digits(1, 30).map((d) => `${d.slice(0, 20)}.${d.slice(20)}`), fc.constant(null), fc.boolean());
    const anyCurrency = fc.oneof(currency, currency.map((c) => c.toLowerCase()), fc.string({ maxLength: 4 }), fc.constant(undefined));
    fc.assert(
      fc.property(anyAmount, anyCurrency, (amount, code) => {
        const result = normalizeMoney(amount, code);
        if (result.ok) {
          expect(NormalizedMoneySchema.parse(result.money)).toEqual(result.money);
          const exp = currencyExponent(result.money.currency)!;
          expect(decimalToMinor(result.money.amount, exp)).toBe(BigInt(result.money.amount_minor));
        } else {
          expect(['amount', 'currency']).toContain(result.field);
        }
      }),
    );
  });
});
