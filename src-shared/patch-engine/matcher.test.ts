import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestPatch,
  compilePatch,
  failedCallOf,
  InvalidMatchError,
  matchedPrefix,
  rankPatches,
  type FailedCall,
  type PatchCandidate,
} from './matcher.js';

let counter = 0;
function version(match: Record<string, unknown>, extra: Partial<PatchCandidate> = {}): PatchCandidate {
  counter += 1;
  return {
    patch_id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
    version: 1,
    error_signature: 'unused-signature',
    description: `patch ${counter}`,
    match: { sdk_language: 'node', ...match },
    actions: [{ type: 'respect_retry_after' }],
    patch_code: null,
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
    expect(best?.candidate.patch_id).toBe(precise.candidate.patch_id);
    expect(bestPatch([byStatus, precise], call({ status: 400, error: 'missing amount' }), false)?.candidate.patch_id).toBe(
      byStatus.candidate.patch_id,
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
    expect(bestPatch([newer, older], call({ status: 500 }), false)?.candidate.patch_id).toBe(newer.candidate.patch_id);
    expect(bestPatch([older, newer], call({ status: 500 }), false)?.candidate.patch_id).toBe(newer.candidate.patch_id);
  });

  it('matches patterns on the first 4 KiB of the message only, in linear time', () => {
    const patch = compilePatch(version({ message_pattern: 'needle$' }));
    const long = `${'a'.repeat(5000)}needle`;
    expect(bestPatch([patch], call({ error: matchedPrefix(long) }), false)).toBeNull();
    expect(matchedPrefix(long)).toHaveLength(4096);
    const caseless = compilePatch(version({ message_pattern: '(?i)time(d)? ?out' }));
    expect(bestPatch([caseless], call({ error: 'Request Timed Out' }), false)).not.toBeNull();
  });

  it('ranks every matching patch best first, and the best patch is the first of the ranking', () => {
    const byStatus = compilePatch(version({ status: 400 }));
    const byCode = compilePatch(version({ status: 400, error_code: 'invalid_currency' }));
    const other = compilePatch(version({ status: 401 }));
    const ranked = rankPatches([byStatus, other, byCode], call({ status: 400, errorCode: 'invalid_currency' }), false);
    expect(ranked.map((entry) => [entry.patch.candidate.patch_id, entry.score])).toEqual([
      [byCode.candidate.patch_id, 40],
      [byStatus.candidate.patch_id, 10],
    ]);
  });

  it('compiles a draft (no id, never reviewed) and ranks it as approved now on a tie', () => {
    const active = compilePatch(version({ status: 500 }, { reviewed_at: '2026-02-01T00:00:00.000Z' }));
    const draft = compilePatch({ ...version({ status: 500 }), patch_id: null, version: null, reviewed_at: null });
    const ranked = rankPatches([active, draft], call({ status: 500 }), false);
    expect(ranked.map((entry) => entry.patch.candidate.patch_id)).toEqual([null, active.candidate.patch_id]);
  });

  it('refuses a candidate whose match is invalid, naming the field', () => {
    expect(() => compilePatch(version({ message_pattern: '(a+)+$' }))).toThrow(InvalidMatchError);
    expect(() => compilePatch(version({ message_pattern: '(a+)+$' }))).toThrow(/^match\.message_pattern: pattern could backtrack/);
    expect(() => compilePatch(version({ sdk_version_range: 'two' }))).toThrow(/^match\.sdk_version_range: not a semver range/);
    expect(() => compilePatch(version({ status: 42 }))).toThrow(/^match\.status: /);
  });

  it('reads a failure as the console describes it, cut to the matched prefix', () => {
    expect(failedCallOf({ sdk_language: 'php', sdk_version: '1.2.3', status: 402, error_code: 'card', message: 'x'.repeat(5000) })).toEqual({
      sdk: 'php',
      sdkVersion: '1.2.3',
      status: 402,
      errorCode: 'card',
      error: 'x'.repeat(4096),
    });
  });

  it('finds the same best patch as the ranking, whatever the candidates and the call', () => {
    const matchArb = fc.record(
      {
        status: fc.constantFrom(400, 401, 429),
        error_code: fc.constantFrom('a', 'b'),
        message_pattern: fc.constantFrom('time', '^Req', 'fail'),
        sdk_version_range: fc.constantFrom('>=1', '<2', '^2.1'),
      },
      { requiredKeys: [] },
    );
    const candidateArb = fc.record({
      match: matchArb,
      signature: fc.constantFrom('', 'request', 'timeout'),
      reviewed: fc.integer({ min: 0, max: 3 }),
      code: fc.boolean(),
    });
    const callArb = fc.record({
      status: fc.option(fc.constantFrom(400, 401, 429), { nil: undefined }),
      errorCode: fc.option(fc.constantFrom('a', 'b'), { nil: undefined }),
      error: fc.constantFrom('Request failed', 'timeout', 'Request timed out', 'fail'),
      sdkVersion: fc.option(fc.constantFrom('1.0.0', '2.1.5', '3.0.0'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(candidateArb, { maxLength: 6 }), callArb, fc.boolean(), (specs, failed, allowCode) => {
        const compiled = specs.map((spec) =>
          compilePatch(
            version(spec.match, {
              error_signature: spec.signature,
              reviewed_at: new Date(Date.UTC(2026, 0, 1 + spec.reviewed)).toISOString(),
              patch_code: spec.code ? 'code' : null,
            }),
          ),
        );
        const ranked = rankPatches(compiled, call(failed), allowCode);
        expect(bestPatch(compiled, call(failed), allowCode)).toBe(ranked[0]?.patch ?? null);
        for (let index = 1; index < ranked.length; index += 1) expect(ranked[index - 1]!.score).toBeGreaterThanOrEqual(ranked[index]!.score);
      }),
    );
  });
});
