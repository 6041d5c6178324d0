import { isSafeNumber, parse as parseLossless } from 'lossless-json';

/**
 * A number token whose value a double may not hold exactly: 16 or more digits (2^53 has 16), or a
 * three-digit exponent. Strings can match too; that only costs the slower, exact parse.
 */
const MAYBE_INEXACT_NUMBER = /\d[\d.]{15}|[eE][+-]?\d{3}/;

/**
 * Keeps every number's meaning: a number a double holds exactly becomes a number; any other (an
 * integer beyond ±2^53 such as a Shopify id, a decimal with more than 15 significant digits, an
 * exponent out of range) becomes the string of its source text, so no digit is lost.
 */
function exactNumber(text: string): number | string {
  return isSafeNumber(text, { approx: false }) ? Number(text) : text;
}

// As JSON.parse does: a repeated key keeps its last value.
const lastValueWins = ({ newValue }: { newValue: unknown }): unknown => newValue;

/**
 * Parses JSON without losing a digit (see exactNumber). Documents with no long digit run take
 * JSON.parse's fast path; the others the exact parser, which recurses: callers bound the nesting
 * of untrusted text first (the request body parser does).
 */
export function parseExactJson(text: string): unknown {
  return MAYBE_INEXACT_NUMBER.test(text)
    ? parseLossless(text, null, { parseNumber: exactNumber, onDuplicateKey: lastValueWins })
    : JSON.parse(text);
}

/** Whether the exact parser would take its slow path for `text`. */
export function mayHoldInexactNumbers(text: string): boolean {
  return MAYBE_INEXACT_NUMBER.test(text);
}
