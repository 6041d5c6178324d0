import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PATCH_ACTION_TYPES,
  PatchActionSchema,
  PatchMatchSchema,
  PatchSchema,
  canonicalJson,
  inverseOf,
  signedPayloadOf,
  type PatchAction,
} from './patch-format.js';

const EXAMPLES: Record<(typeof PATCH_ACTION_TYPES)[number], unknown> = {
  set_option: { type: 'set_option', key: 'timeout_ms', value: 15000 },
  increase_timeout: { type: 'increase_timeout', factor: 2, max_ms: 30000 },
  retry_with_backoff: { type: 'retry_with_backoff', max_attempts: 5, base_ms: 200, max_ms: 5000 },
  use_fallback_credential: { type: 'use_fallback_credential', credential_ref: 'fallback_api_key' },
  default_field: { type: 'default_field', field: 'customer.email', value: 'unknown@example.com' },
  set_currency: { type: 'set_currency', from: 'XAF', to: 'XOF' },
  resign_request: { type: 'resign_request', clock_skew_tolerance_s: 300 },
  respect_retry_after: { type: 'respect_retry_after' },
};

/** The same value with object keys in reverse order at every depth. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .reverse()
        .map((key) => [key, reverseKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

describe('patch format', () => {
  it.each(PATCH_ACTION_TYPES)('parses a %s action and describes its inverse', (type) => {
    const parsed = PatchActionSchema.parse(EXAMPLES[type]);
    expect(parsed.type).toBe(type);
    const inverse = inverseOf(parsed);
    expect(inverse.restores).not.toBe('');
    expect(inverse.summary.length).toBeGreaterThan(10);
  });

  it('refuses an action type outside the closed set', () => {
    const result = PatchActionSchema.safeParse({ type: 'run_script', code: 'process.exit()' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['type']);
  });

  it('refuses unknown keys, so a misspelt parameter is not silently dropped', () => {
    expect(PatchActionSchema.safeParse({ type: 'increase_timeout', factor: 2, max_ms: 1000, maxMs: 5 }).success).toBe(false);
    expect(PatchMatchSchema.safeParse({ sdk_language: 'node', stauts: 401 }).success).toBe(false);
  });

  it('bounds retries to ten attempts and keeps max_ms at least base_ms', () => {
    expect(PatchActionSchema.safeParse({ type: 'retry_with_backoff', max_attempts: 11, base_ms: 1, max_ms: 2 }).success).toBe(false);
    const inverted = PatchActionSchema.safeParse({ type: 'retry_with_backoff', max_attempts: 3, base_ms: 500, max_ms: 100 });
    expect(inverted.success).toBe(false);
    expect(inverted.error?.issues[0]?.path).toEqual(['max_ms']);
  });

  it('refuses a credential reference that looks like a secret', () => {
    for (const ref of ['sk_live_abc', 'mhc_sdk_x', 'AbCdEf0123456789AbCdEf0123456789xyz']) {
      expect(PatchActionSchema.safeParse({ type: 'use_fallback_credential', credential_ref: ref }).success).toBe(false);
    }
  });

  it('converts to XOF when set_currency names no target', () => {
    expect(PatchActionSchema.parse({ type: 'set_currency' })).toEqual({ type: 'set_currency', to: 'XOF' });
    expect(PatchActionSchema.safeParse({ type: 'set_currency', to: 'xof' }).success).toBe(false);
  });

  it('requires at least one action and a language in a declarative patch', () => {
    expect(PatchSchema.safeParse({ match: { sdk_language: 'node' }, actions: [] }).success).toBe(false);
    expect(PatchSchema.safeParse({ match: { status: 401 }, actions: [EXAMPLES.respect_retry_after] }).success).toBe(false);
    const patch = PatchSchema.parse({ match: { sdk_language: 'php', status: 429 }, actions: [EXAMPLES.respect_retry_after] });
    expect(patch.actions).toHaveLength(1);
  });

  it('gives the same canonical JSON whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(reverseKeys(value))).toBe(canonicalJson(value));
        expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
      }),
      { numRuns: 300 },
    );
  });

  it('writes canonical JSON with sorted keys, no whitespace and no undefined members', () => {
    expect(canonicalJson({ b: [2, { z: 1, a: undefined, y: null }], a: 'x' })).toBe('{"a":"x","b":[2,{"y":null,"z":1}]}');
  });

  it('signs the code fields as null when a patch has none', () => {
    const actions: PatchAction[] = [{ type: 'respect_retry_after' }];
    const expires_at = '2026-12-18T10:00:00.000Z';
    const payload = signedPayloadOf({ patch_id: 'p', version: 1, sdk_language: 'node', error_signature: '429', match: {}, actions, expires_at });
    expect(JSON.parse(payload)).toMatchObject({ patch_code: null, rollback_code: null, version: 1, expires_at });
  });

  it('covers the expiry: another expires_at gives another payload', () => {
    const content = { patch_id: 'p', version: 1, sdk_language: 'node', error_signature: '429', match: {}, actions: [] };
    expect(signedPayloadOf({ ...content, expires_at: '2026-12-18T10:00:00.000Z' })).not.toBe(
      signedPayloadOf({ ...content, expires_at: '2026-12-18T10:00:00.001Z' }),
    );
  });
});
