import { matchProblems } from '../../src-shared/patch-engine/match-checks.js';
import type { PatchMatch } from '../../src-shared/patch-format.js';
import { badRequest } from '../http/errors.js';

/**
 * Checks what zod cannot (the shared rules of `src-shared/patch-engine/match-checks.ts`: the
 * pattern's safety, the range's syntax) and throws 400 naming the first refused field.
 */
export function validateMatch(match: PatchMatch, fieldPrefix: string): void {
  const [problem] = matchProblems(match);
  if (problem) {
    const field = `${fieldPrefix}.${problem.key}`;
    throw badRequest(`${field}: ${problem.reason}`, field);
  }
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
