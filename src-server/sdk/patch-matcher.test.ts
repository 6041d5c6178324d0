import { describe, expect, it } from 'vitest';
import { bestPatch, compilePatch, matchedPrefix, type ActiveVersionRow, type FailedCall } from './patch-matcher.js';

let counter = 0;
function version(match: Record<string, unknown>, extra: Partial<ActiveVersionRow> = {}): ActiveVersionRow {
  counter += 1;
  return {
    patch_id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    version: 1,
    sdk_language: 'node',
    error_signature: 'unused-signature',
    description: `patch ${counter}`,
    severity: 'medium',
    match: { sdk_language: 'node', ...match },
    actions: [{ type: 'respect_retry_after' }],
    patch_code: null,
    rollback_code: null,
    content_hash: 'h',
    signature: 's',
    key_id: 'k',
    reviewed_at: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

const call = (overrides: Partial<FailedCall> = {}): FailedCall => ({ sdk: 'node', error: 'Request failed', ...overrides });

describe('patch matcher', () => {
  it('prefers the patch matching status, error code and pattern over one matching the status alone', () => {
    const byStatus = compilePatch(version({ status: 400 }));
    const precise = compilePatch(version({ status: 400, error_code: 'invalid_currency', message_pattern: '(?i)currency' }));
    const best = bestPatch([byStatus, precise], call({ status: 400, errorCode: 'invalid_currency', error: 'Invalid Currency XYZ' }), false);
    expect(best?.served.patch_id).toBe(precise.served.patch_id);
    expect(bestPatch([byStatus, precise], call({ status: 400, error: 'missing amount' }), false)?.served.patch_id).toBe(
      byStatus.served.patch_id,
    );
  });

  it('matches the seed-style signature as a case-insensitive substring when no criterion is structured', () => {
    const seed = compilePatch(version({}, { error_signature: 'ECONNREFUSED' }));
    expect(bestPatch([seed], call({ error: 'connect econnrefused 10.0.0.1:443' }), false)).not.toBeNull();
    expect(bestPatch([seed], call({ error: 'socket hang up' }), false)).toBeNull();
  });

  it('requires every structured criterion that is given', () => {
    const patch = compilePatch(version({ status: 401, error_code: 'key_expired' }));
    expect(bestPatch([patch], call({ status: 401 }), false)).toBeNull();
    expect(bestPatch([patch], call({ status: 403, errorCode: 'key_expired' }), false)).toBeNull();
    expect(bestPatch([patch], call({ status: 401, errorCode: 'key_expired' }), false)).not.toBeNull();
  });

  it('serves a patch only to SDK versions inside its range', () => {
    const patch = compilePatch(version({ status: 429, sdk_version_range: '>=2.0.0 <3' }));
    expect(bestPatch([patch], call({ status: 429, sdkVersion: '2.4.1' }), false)).not.toBeNull();
    expect(bestPatch([patch], call({ status: 429, sdkVersion: '1.9.0' }), false)).toBeNull();
    expect(bestPatch([patch], call({ status: 429, sdkVersion: 'not-a-version' }), false)).toBeNull();
    expect(bestPatch([patch], call({ status: 429 }), false)).toBeNull();
  });

  it('skips code patches unless the SDK accepts them, and other languages always', () => {
    const code = compilePatch(version({ status: 503 }, { patch_code: 'this.baseUrl = backup' }));
    expect(bestPatch([code], call({ status: 503 }), false)).toBeNull();
    expect(bestPatch([code], call({ status: 503 }), true)).not.toBeNull();
    expect(bestPatch([code], call({ status: 503, sdk: 'python' }), true)).toBeNull();
  });

  it('breaks a tie in favour of the most recently approved version', () => {
    const older = compilePatch(version({ status: 500 }, { reviewed_at: '2026-01-01T00:00:00.000Z' }));
    const newer = compilePatch(version({ status: 500 }, { reviewed_at: '2026-02-01T00:00:00.000Z' }));
    expect(bestPatch([newer, older], call({ status: 500 }), false)?.served.patch_id).toBe(newer.served.patch_id);
    expect(bestPatch([older, newer], call({ status: 500 }), false)?.served.patch_id).toBe(newer.served.patch_id);
  });

  it('matches patterns on the first 4 KiB of the message only, in linear time', () => {
    const patch = compilePatch(version({ message_pattern: 'needle$' }));
    const long = `${'a'.repeat(5000)}needle`;
    expect(bestPatch([patch], call({ error: matchedPrefix(long) }), false)).toBeNull();
    expect(matchedPrefix(long)).toHaveLength(4096);
    const caseless = compilePatch(version({ message_pattern: '(?i)time(d)? ?out' }));
    expect(bestPatch([caseless], call({ error: 'Request Timed Out' }), false)).not.toBeNull();
  });
});
