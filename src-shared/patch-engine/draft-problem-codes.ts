import type { z } from 'zod';
import { MAX_VALUE_BYTES, PATCH_ACTION_TYPES } from '../patch-format.js';

/**
 * What is wrong with a patch draft, as a closed list of codes: the console words each problem by its
 * code in the reader's language, with the problem's `params` (the key, the bound, the allowed
 * values…) as arguments and its English `message` as the detail. Kept apart from the validator so
 * the IPC contract can name the codes without loading the JSON parser.
 *
 * - `json_syntax`: the text is not JSON (`reason`: empty, truncated, unexpected with `found`, invalid);
 * - `required`, `unknown_key`, `not_in_draft` (code or change note typed in the draft): `key`;
 * - `unknown_action`: `value` given, `allowed` types; `not_one_of`: `allowed` values;
 * - `wrong_type`: `expected` and `received` (string, number, int, boolean, object, array, null);
 * - `too_small` / `too_large` (numbers): `minimum` / `maximum`, `inclusive` ("true" or "false");
 * - `too_short` / `too_long` (text, in characters), `too_few_items` / `too_many_items` (lists): `minimum` / `maximum`;
 * - `bad_format`: `format` (currency, option_key, field_path, credential_ref, other);
 * - `looks_like_secret`, `below_other_field` (`other`: the field it may not be below), `value_too_large` (`maximum`);
 * - `invalid_pattern`, `pattern_too_large`, `unsafe_pattern`, `invalid_version_range`: the shared match checks;
 * - `language_mismatch`: the match names another `language` than the patch's;
 * - `other`: none of these; only the message says what.
 */
export const DRAFT_PROBLEM_CODES = [
  'json_syntax',
  'required',
  'unknown_key',
  'not_in_draft',
  'unknown_action',
  'not_one_of',
  'wrong_type',
  'too_small',
  'too_large',
  'too_short',
  'too_long',
  'too_few_items',
  'too_many_items',
  'bad_format',
  'looks_like_secret',
  'below_other_field',
  'value_too_large',
  'invalid_pattern',
  'pattern_too_large',
  'unsafe_pattern',
  'invalid_version_range',
  'language_mismatch',
  'other',
] as const;
export type DraftProblemCode = (typeof DRAFT_PROBLEM_CODES)[number];

/** A problem's arguments: text and numbers only, so they travel over IPC and into ICU messages as they are. */
export type DraftProblemParams = Record<string, string | number>;

/** A problem's code, arguments and English sentence, before it is placed in the text. */
export interface DescribedProblem {
  code: DraftProblemCode;
  params: DraftProblemParams;
  message: string;
}

/** The regex-checked keys of the patch format, by the format they must have. */
const FORMAT_OF_KEY: Record<string, string> = { from: 'currency', to: 'currency', key: 'option_key', field: 'field_path', credential_ref: 'credential_ref' };
/** The refinements of the patch format (zod `custom` issues), by the key they refuse. */
const REFINEMENT_OF_KEY: Record<string, (issue: z.core.$ZodIssue) => Pick<DescribedProblem, 'code' | 'params'>> = {
  credential_ref: () => ({ code: 'looks_like_secret', params: {} }),
  max_ms: () => ({ code: 'below_other_field', params: { other: 'base_ms' } }),
  value: () => ({ code: 'value_too_large', params: { maximum: MAX_VALUE_BYTES } }),
};

/**
 * A zod issue of the draft schema as a coded problem: `value` is the whole draft (to tell a missing
 * key from a wrong one and to name what was given). Unknown keys are not handled here: each key
 * of an `unrecognized_keys` issue is a problem of its own.
 */
export function describeIssue(issue: z.core.$ZodIssue, value: unknown): DescribedProblem {
  const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  const key = String(issue.path.at(-1) ?? '');
  const message = `${where}${issue.message}`;
  const given = valueAt(value, issue.path);
  if (given.missing) return { code: 'required', params: { key }, message: `${where}required (${issue.message})` };
  const coded = (code: DraftProblemCode, params: DraftProblemParams): DescribedProblem => ({ code, params: { key, ...params }, message });
  switch (issue.code) {
    case 'invalid_type':
      return coded('wrong_type', { expected: issue.expected, received: jsonTypeOf(given.value) });
    case 'invalid_union':
      return issue.discriminator === 'type' && key === 'type'
        ? coded('unknown_action', { value: typeof given.value === 'string' ? given.value : JSON.stringify(given.value), allowed: PATCH_ACTION_TYPES.join(', ') })
        : coded('other', {});
    case 'invalid_value':
      return coded('not_one_of', { allowed: issue.values.map(String).join(', ') });
    case 'too_big':
    case 'too_small': {
      const big = issue.code === 'too_big';
      const bound = Number(big ? issue.maximum : issue.minimum);
      const params = { [big ? 'maximum' : 'minimum']: bound };
      if (issue.origin === 'string') return coded(big ? 'too_long' : 'too_short', params);
      if (issue.origin === 'array') return coded(big ? 'too_many_items' : 'too_few_items', params);
      if (issue.origin === 'number' || issue.origin === 'int') return coded(big ? 'too_large' : 'too_small', { ...params, inclusive: String(issue.inclusive !== false) });
      return coded('other', {});
    }
    case 'invalid_format':
      return coded('bad_format', { format: FORMAT_OF_KEY[key] ?? 'other' });
    case 'custom': {
      const refinement = Object.hasOwn(REFINEMENT_OF_KEY, key) ? REFINEMENT_OF_KEY[key]!(issue) : { code: 'other' as const, params: {} };
      return coded(refinement.code, refinement.params);
    }
    default:
      return coded('other', {});
  }
}

/** The value at `path` in `value`, or whether the key at its end is absent from its object. */
function valueAt(value: unknown, path: readonly PropertyKey[]): { missing: boolean; value: unknown } {
  let node = value;
  for (const [depth, key] of path.entries()) {
    if (node === null || typeof node !== 'object') return { missing: false, value: undefined };
    if (depth === path.length - 1 && !Array.isArray(node) && !Object.hasOwn(node, key)) return { missing: true, value: undefined };
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return { missing: false, value: node };
}

/** The JSON type of a value, as the problems name it. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'object' ? typeof value : 'other';
}
