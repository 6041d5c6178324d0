import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signedPayloadOf } from '../src-shared/patch-format.js';
import { MolamConfigError } from './errors.js';
import { PatchVerifier, type ServedPatch } from './patch-verifier.js';

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }) as string, keyId };
}

function servedPatch(key: ReturnType<typeof keyPair>, overrides: Partial<ServedPatch> = {}): ServedPatch {
  const content = {
    patch_id: '7d8b3a6e-4b8f-4f55-9a43-0a3b9b8d1c11',
    version: 3,
    sdk_language: 'node',
    error_signature: 'invalid_currency',
    match: { status: 400, error_code: 'invalid_currency', sdk_language: 'node' },
    actions: [{ type: 'set_currency', to: 'XOF' }],
    patch_code: null,
    rollback_code: null,
    ...overrides,
  };
  const payload = Buffer.from(signedPayloadOf(content), 'utf8');
  return {
    ...content,
    description: 'Fall back to XOF',
    content_hash: createHash('sha256').update(payload).digest('hex'),
    signature: sign(null, payload, key.privateKey).toString('base64'),
    key_id: key.keyId,
  };
}

describe('PatchVerifier', () => {
  const pinned = keyPair();
  const verifier = new PatchVerifier([pinned.pem]);

  it('accepts a patch signed by a pinned key and parses its actions', () => {
    const result = verifier.verify(servedPatch(pinned));
    expect(result).toEqual({ ok: true, patch: expect.objectContaining({ version: 3, actions: [{ type: 'set_currency', to: 'XOF' }] }) });
  });

  it('refuses a patch whose actions were changed after signing', () => {
    const patch = { ...servedPatch(pinned), actions: [{ type: 'set_currency', to: 'EUR' }] };
    expect(verifier.verify(patch)).toEqual({ ok: false, reason: expect.stringContaining('does not verify') });
  });

  it('refuses a patch signed by a key that is not pinned, even with a pinned key id', () => {
    const other = keyPair();
    expect(verifier.verify(servedPatch(other))).toEqual({ ok: false, reason: expect.stringContaining('not pinned') });
    expect(verifier.verify({ ...servedPatch(other), key_id: pinned.keyId })).toEqual({ ok: false, reason: expect.stringContaining('does not verify') });
  });

  it('refuses an unsigned patch, a wrong content hash, another language, code patches and unknown actions', () => {
    expect(verifier.verify({ ...servedPatch(pinned), signature: '' }).ok).toBe(false);
    expect(verifier.verify({ ...servedPatch(pinned), content_hash: '0'.repeat(64) })).toEqual({ ok: false, reason: expect.stringContaining('content_hash') });
    expect(verifier.verify(servedPatch(pinned, { sdk_language: 'python' }))).toEqual({ ok: false, reason: expect.stringContaining('python') });
    expect(verifier.verify(servedPatch(pinned, { patch_code: 'process.exit(1)' }))).toEqual({ ok: false, reason: expect.stringContaining('code patches') });
    expect(verifier.verify(servedPatch(pinned, { actions: [{ type: 'run_shell', command: 'rm' }] }))).toEqual({ ok: false, reason: expect.stringContaining('do not parse') });
  });

  it('names the bad entry when a pinned key is not an Ed25519 public key', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'pem' }) as string;
    expect(() => new PatchVerifier([pinned.pem, 'not a key'])).toThrow(MolamConfigError);
    expect(() => new PatchVerifier([pinned.pem, 'not a key'])).toThrow(/^trustedPatchKeys\[1\] is not a PEM public key/);
    expect(() => new PatchVerifier([rsa])).toThrow(/trustedPatchKeys\[0\] is a rsa key/);
  });
});
