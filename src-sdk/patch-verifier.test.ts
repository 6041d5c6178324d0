import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MolamConfigError } from './errors.js';
import { PatchVerifier } from './patch-verifier.js';
import { signedTestPatch as servedPatch, testSigningKey as keyPair } from './testing/signed-patches.js';

const NOW = Date.parse('2026-12-04T12:00:00.000Z');

describe('PatchVerifier', () => {
  const pinned = keyPair();
  const verifierAt = (now = NOW, allowCodePatches = false) => new PatchVerifier([pinned.pem], { now: () => now, allowCodePatches });

  it('accepts a patch signed by a pinned key and parses its actions', () => {
    const result = verifierAt().verify(servedPatch(pinned));
    expect(result).toEqual({ ok: true, patch: expect.objectContaining({ version: 3, actions: [{ type: 'set_currency', to: 'XOF' }], expiresAt: Date.parse('2099-01-01T00:00:00.000Z') }) });
  });

  it('refuses a patch whose actions or expiry were changed after signing', () => {
    const verifier = verifierAt();
    expect(verifier.verify({ ...servedPatch(pinned), actions: [{ type: 'set_currency', to: 'EUR' }] })).toMatchObject({ ok: false, reason_code: 'bad_signature' });
    expect(verifier.verify({ ...servedPatch(pinned), expires_at: '2199-01-01T00:00:00.000Z' })).toMatchObject({ ok: false, reason_code: 'bad_signature' });
  });

  it('refuses a patch signed by a key that is not pinned, even with a pinned key id', () => {
    const other = keyPair();
    expect(verifierAt().verify(servedPatch(other))).toMatchObject({ ok: false, reason_code: 'unknown_key', reason: expect.stringContaining('not pinned') });
    expect(verifierAt().verify({ ...servedPatch(other), key_id: pinned.keyId })).toMatchObject({ ok: false, reason_code: 'bad_signature' });
  });

  it('refuses an unsigned patch, a wrong content hash, another language and unknown actions, each with its reason code', () => {
    const verifier = verifierAt();
    expect(verifier.verify({ ...servedPatch(pinned), signature: '' })).toMatchObject({ ok: false, reason_code: 'unsigned' });
    expect(verifier.verify({ ...servedPatch(pinned), content_hash: '0'.repeat(64) })).toMatchObject({ ok: false, reason_code: 'hash_mismatch' });
    expect(verifier.verify(servedPatch(pinned, { sdk_language: 'python' }))).toMatchObject({ ok: false, reason_code: 'wrong_language', reason: expect.stringContaining('python') });
    expect(verifier.verify(servedPatch(pinned, { actions: [{ type: 'run_shell', command: 'rm' }] }))).toMatchObject({ ok: false, reason_code: 'invalid_actions' });
    expect(verifier.verify(servedPatch(pinned, { actions: [] }))).toMatchObject({ ok: false, reason_code: 'invalid_actions', reason: 'the patch has no actions' });
  });

  it('refuses code patches unless they are allowed', () => {
    const code = servedPatch(pinned, { patch_code: 'this.options.timeout_ms = 1000;', actions: [] });
    expect(verifierAt().verify(code)).toMatchObject({ ok: false, reason_code: 'code_patch_not_allowed' });
    expect(verifierAt(NOW, true).verify(code)).toMatchObject({ ok: true, patch: { patch_code: 'this.options.timeout_ms = 1000;', actions: [] } });
  });

  it('refuses an expired version and one without a signed expiry (a freeze attack)', () => {
    const expiring = servedPatch(pinned, { expires_at: '2026-12-04T12:00:00.000Z' });
    expect(verifierAt(NOW - 1).verify(expiring).ok).toBe(true);
    expect(verifierAt(NOW).verify(expiring)).toMatchObject({ ok: false, reason_code: 'expired', reason: expect.stringContaining('2026-12-04T12:00:00.000Z') });
    const unbounded = servedPatch(pinned, { expires_at: undefined as unknown as string });
    expect(verifierAt().verify(unbounded)).toMatchObject({ ok: false, reason_code: 'expired', reason: expect.stringContaining('no signed expiry') });
  });

  it('keeps the highest version seen per patch and refuses an older one (a rollback attack)', () => {
    const verifier = verifierAt();
    expect(verifier.verify(servedPatch(pinned, { version: 4 })).ok).toBe(true);
    expect(verifier.verify(servedPatch(pinned, { version: 4 })).ok).toBe(true);
    expect(verifier.verify(servedPatch(pinned, { version: 3 }))).toEqual({
      ok: false,
      reason_code: 'rollback',
      reason: 'version 3 is older than version 4 of this patch, already seen',
      highest_seen_version: 4,
    });
    expect(verifier.highestVersionOf(servedPatch(pinned).patch_id)).toBe(4);
  });

  it('does not let a refused version raise the highest version seen', () => {
    const verifier = verifierAt();
    expect(verifier.verify({ ...servedPatch(pinned, { version: 9 }), signature: 'AAAA' }).ok).toBe(false);
    expect(verifier.verify(servedPatch(pinned, { version: 2 })).ok).toBe(true);
    expect(verifier.highestVersionOf(servedPatch(pinned).patch_id)).toBe(2);
  });

  it('names the bad entry when a pinned key is not an Ed25519 public key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(() => new PatchVerifier([pinned.pem, 'not a key'])).toThrow(MolamConfigError);
    expect(() => new PatchVerifier([pinned.pem, 'not a key'])).toThrow(/^trustedPatchKeys\[1\] is not a PEM public key/);
    expect(() => new PatchVerifier([rsa])).toThrow(/trustedPatchKeys\[0\] is a rsa key/);
  });
});
