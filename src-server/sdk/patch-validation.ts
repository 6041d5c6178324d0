import { RE2JS } from 're2js';
import safeRegex from 'safe-regex2';
import semver from 'semver';
import type { PatchMatch } from '../../src-shared/patch-format.js';
import { badRequest } from '../http/errors.js';

/** Compiled RE2 programs larger than this are refused (memory per cached matcher stays small). */
const MAX_PROGRAM_SIZE = 5000;

/**
 * RE2 inline flags have no JavaScript equivalent; drop them so safe-regex2 (which parses
 * JavaScript syntax) judges the pattern's structure.
 */
function asJavaScriptSyntax(pattern: string): string {
  return pattern.replace(/\(\?[imsU-]+\)/g, '').replace(/\(\?[imsU-]+:/g, '(?:');
}

/**
 * Compiles a message pattern with RE2 (linear-time matching) after checking it is also safe for
 * backtracking engines: SDKs in other languages may run the same pattern with their own regex engine.
 * Throws 400 naming `field` when the pattern is refused.
 */
export function compileMessagePattern(pattern: string, field: string): RE2JS {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern);
  } catch (error) {
    throw badRequest(`${field}: not a valid RE2 pattern (${(error as Error).message})`, field);
  }
  if (compiled.programSize() > MAX_PROGRAM_SIZE) {
    throw badRequest(`${field}: pattern is too large once compiled; use fewer or smaller repetitions`, field);
  }
  if (!safeRegex(asJavaScriptSyntax(pattern))) {
    throw badRequest(
      `${field}: pattern could backtrack catastrophically (nested or overlapping repetition) or is not portable regex syntax`,
      field,
    );
  }
  return compiled;
}

/** Parses a semver range or throws 400 naming `field`. */
export function parseVersionRange(range: string, field: string): semver.Range {
  try {
    if (semver.validRange(range) !== null) return new semver.Range(range);
  } catch {
    // reported below
  }
  throw badRequest(`${field}: not a semver range (e.g. ">=2.0.0 <3")`, field);
}

/** Checks what zod cannot: the pattern's safety and the range's syntax. */
export function validateMatch(match: PatchMatch, fieldPrefix: string): void {
  if (match.message_pattern !== undefined) compileMessagePattern(match.message_pattern, `${fieldPrefix}.message_pattern`);
  if (match.sdk_version_range !== undefined) parseVersionRange(match.sdk_version_range, `${fieldPrefix}.sdk_version_range`);
}

// PostgreSQL text and jsonb refuse NUL characters and unpaired UTF-16 surrogates; JSON bodies can carry both.
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const UNSTORABLE_ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** A string PostgreSQL can store: NUL removed, unpaired surrogates replaced by U+FFFD. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, (char) => (char === '\0' ? '' : '\uFFFD'));
}

/** A JSON value PostgreSQL can store as jsonb (keys and strings cleaned as by `storableText`). */
export function storableJson<T>(value: T): T {
  // JSON.stringify escapes exactly the characters that need cleaning, so a clean value is found cheaply.
  const json = JSON.stringify(value);
  if (json === undefined || !UNSTORABLE_ESCAPE.test(json)) return value;
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(clean);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [storableText(key), clean(item)]));
  }
  return value;
}
