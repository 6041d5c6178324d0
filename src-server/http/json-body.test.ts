import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HttpError } from './errors.js';
import { MAX_JSON_DEPTH, checkStorable, parseJsonBody } from './json-body.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof HttpError && error.statusCode === 400) return error.extra.field;
    throw error;
  }
  throw new Error('expected a 400');
}

describe('the exact JSON body parser', () => {
  it('keeps every digit of an integer beyond 2^53 as a string', () => {
    expect(parseJsonBody('{"id":820982911946154508,"n":42}')).toEqual({ id: '820982911946154508', n: 42 });
    expect(parseJsonBody('[-9007199254740993, 9007199254740991]')).toEqual(['-9007199254740993', 9007199254740991]);
  });

  it('keeps a decimal a double cannot hold, or an exponent out of range, as its source text', () => {
    expect(parseJsonBody('{"a":19.999999999999999999,"b":1e400,"c":1.5,"d":0.1}')).toEqual({
      a: '19.999999999999999999',
      b: '1e400',
      c: 1.5,
      d: 0.1,
    });
  });

  it('agrees with JSON.parse on every value, except unsafe numbers, which it keeps as their exact text', () => {
    // Same structure; where JSON.parse rounded a number, the exact parser has its text instead.
    const agrees = (exact: unknown, rounded: unknown): boolean => {
      if (typeof exact === 'string' && typeof rounded === 'number') return Number(exact) === rounded && !Number.isSafeInteger(rounded);
      if (Array.isArray(exact)) return Array.isArray(rounded) && exact.length === rounded.length && exact.every((v, i) => agrees(v, rounded[i]));
      if (exact !== null && typeof exact === 'object') {
        const other = rounded as Record<string, unknown>;
        const keys = Object.keys(exact);
        return keys.length === Object.keys(other).length && keys.every((k) => agrees((exact as Record<string, unknown>)[k], other[k]));
      }
      return Object.is(exact, rounded) || (exact === 0 && rounded === 0);
    };
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.boolean(), (value, pad) => {
        // A 16-digit run inside a string sends the body through the exact parser: both paths agree.
        const text = pad ? `{"pad":"1234567890123456","v":${JSON.stringify(value)}}` : JSON.stringify(value);
        expect(agrees(parseJsonBody(text), JSON.parse(text))).toBe(true);
      }),
    );
  });

  it('keeps the last value of a repeated key, as JSON.parse does, on both paths', () => {
    expect(parseJsonBody('{"a":1,"a":2}')).toEqual({ a: 2 });
    expect(parseJsonBody('{"a":1,"a":12345678901234567890}')).toEqual({ a: '12345678901234567890' });
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels, naming where, without overflowing the stack`, () => {
    const deep = `{"plugin":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`;
    expect(fieldOf(() => parseJsonBody(deep))).toMatch(/^body\.plugin\.a(\.0)+$/);
    const deepWithBigNumber = `{"n":12345678901234567890,"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(fieldOf(() => parseJsonBody(deepWithBigNumber))).toBe('body');
    const atTheBound = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    expect(() => parseJsonBody(atTheBound)).not.toThrow();
  });

  it('refuses NUL characters and lone surrogates in values and keys, naming the field', () => {
    expect(fieldOf(() => parseJsonBody('{"a":{"b":"x\\u0000y"}}'))).toBe('body.a.b');
    expect(fieldOf(() => parseJsonBody('{"a":["ok","\\ud800"]}'))).toBe('body.a.1');
    expect(fieldOf(() => parseJsonBody('{"a":"\\udc00x"}'))).toBe('body.a');
    expect(fieldOf(() => parseJsonBody('{"k\\u0000":1}'))).toBe('body.k\u0000');
    // A well-formed pair is fine, and so is an escaped backslash before "u0000".
    expect(parseJsonBody('{"a":"\\ud83d\\ude00","b":"\\\\u0000"}')).toEqual({ a: '😀', b: '\\u0000' });
  });

  it('finds unstorable text in any generated structure (query strings and params go through the same walk)', () => {
    const bad = fc.constantFrom('\u0000', '\ud800', '\udfff', 'a\u0000', '\udc00\ud800');
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), fc.string(), bad, (dict, key, poison) => {
        const query = { ...dict, [`${key}x`]: poison };
        expect(fieldOf(() => checkStorable(query, 'query'))).toMatch(/^query\./);
      }),
    );
  });
});
