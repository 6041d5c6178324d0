import fc from 'fast-check';
import { PooledId, type IdPool } from './id-pool.js';

/** JSON text put into a body as is: nesting too deep for JSON.stringify, numbers beyond a double. */
export class RawJson {
  constructor(
    readonly text: string,
    /** What the value is, for the failure report (not the megabyte it may be). */
    readonly label: string,
  ) {
    if (label === '') this.label = text;
  }

  toJSON(): string {
    return `<raw ${this.label}>`;
  }
}

const deep = (levels: number, open: string, close: string, leaf = '1') => new RawJson(open.repeat(levels) + leaf + close.repeat(levels), `${levels} levels of ${open}`);

/** Texts PostgreSQL cannot store (NUL) or that are not Unicode (lone surrogates). */
export const UNSTORABLE_STRINGS = ['\u0000', 'before\u0000after', '\ud800', 'lone \udc00 low', 'high at the end \ud83d'] as const;

/** Other strings servers trip on. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '__proto__',
  'constructor',
  "'; DROP TABLE plugins; --",
  '%00',
  '\\',
  '\u202etxt.exe',
  '😀'.repeat(50),
  'x'.repeat(10_000),
] as const;

/** Times PostgreSQL and JavaScript disagree on, or cannot hold. */
export const HOSTILE_DATES = [
  '0000-01-01T00:00:00Z',
  '0000-01-01T00:00:00.000Z',
  '0001-01-01T00:00:00+14:00',
  '1969-12-31T23:59:59Z',
  '9999-12-31T23:59:59-14:00',
  '99999-01-01T00:00:00Z',
  '+099999-01-01T00:00:00.000Z',
  '-000001-01-01T00:00:00.000Z',
  '2024-02-30T00:00:00Z',
  '2024-01-01T00:00:00',
  '2024-01-01T24:00:00Z',
] as const;

/** One hostile value: a string, a date, a number at the edge, a wrong type, deep nesting. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...UNSTORABLE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(...HOSTILE_DATES) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      1e308,
      -1e308,
      Number.MAX_SAFE_INTEGER + 2,
      -0,
      0.5,
      2 ** 31,
      -(2 ** 31) - 1,
      new RawJson('1e400', ''),
      new RawJson('123456789012345678901234567890', ''),
      new RawJson('-9223372036854775809', ''),
    ),
  },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, {}, [], [[]], { '': null }, 'text', ['\u0000']) },
  {
    weight: 2,
    arbitrary: fc.constantFrom<unknown>(
      deep(70, '[', ']'),
      deep(5_000, '[', ']'),
      deep(100_000, '[', ']'),
      deep(5_000, '{"a":', '}'),
      deep(50_000, '{"a":[', ']}'),
      new RawJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}', ''),
      new RawJson('{"\\u0000":1,"\\ud800":2}', 'keys with NUL and a lone surrogate'),
    ),
  },
);

/** Every place in a value a mutation may land: the root, each property, each item. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value && typeof value === 'object' && !(value instanceof RawJson) && !(value instanceof PooledId)) {
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  }
  return out;
}

function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  const copy = { ...(value as Record<string, unknown>) };
  copy[head as string] = replaceAt(copy[head as string], rest, replacement);
  return copy;
}

/** A mutation of a valid value: one hostile value put somewhere in it, or an extra hostile property. */
export interface Mutation {
  at: number;
  value: unknown;
  extraKey: string | null;
}

export const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  value: hostileValue,
  // One mutation in ten adds a property (most bodies are strict objects: it rarely gets further).
  extraKey: fc.oneof(
    { weight: 9, arbitrary: fc.constant(null) },
    { weight: 1, arbitrary: fc.constantFrom('extra', '\u0000', '\ud800', '__proto__', 'x'.repeat(300)) },
  ),
});

/** Applies a mutation: replaces the node picked by `at` (or, at the root of an object, adds a property). */
export function mutate(value: unknown, change: Mutation): unknown {
  const paths = pathsOf(value);
  const path = paths[change.at % paths.length]!;
  if (change.extraKey !== null && value && typeof value === 'object' && !Array.isArray(value)) {
    return { ...(value as object), [change.extraKey]: change.value };
  }
  return replaceAt(value, path, change.value);
}

/** JSON text of a generated value: raw pieces inlined, pooled ids drawn from what the server answered so far. */
export function serialize(value: unknown, pool: IdPool): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof PooledId) return JSON.stringify(value.resolve(pool));
  if (Array.isArray(value)) return `[${value.map((item) => serialize(item, pool)).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .filter(([, item]) => item !== undefined)
      .map(([key, item]) => `${JSON.stringify(key)}:${serialize(item, pool)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The text a query value or a path segment carries (a raw piece sends its JSON text). */
export function textOf(value: unknown, pool: IdPool): string {
  if (typeof value === 'string') return value;
  if (value instanceof PooledId) return value.resolve(pool);
  if (value instanceof RawJson) return value.text.length > 2000 ? value.text.slice(0, 2000) : value.text;
  return serialize(value, pool);
}

/**
 * Percent-encodes text for a URL, keeping what `encodeURIComponent` refuses: a lone surrogate goes
 * out as the three bytes a lax UTF-8 encoder would write (ED A0 80 for U+D800), NUL as %00.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(text.slice(index, index + 2));
      index++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      out += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    } else {
      out += encodeURIComponent(text[index]!);
    }
  }
  return out;
}

/** Path segments the router and the handlers must refuse cleanly. */
export const HOSTILE_SEGMENTS = ['%00', '%ED%A0%80', '%', '%zz', '..', 'a%2Fb', '%E2%80%AE', 'x'.repeat(3000), '0', '-1', '1e400', 'null'] as const;
