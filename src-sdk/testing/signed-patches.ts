/** Signed patches for the SDK's tests (not part of the published build). */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { signedPayloadOf } from '../../src-shared/patch-format.js';
import type { ServedPatch } from '../patch-verifier.js';

/** An Ed25519 key pair for signing patches in tests, with its registry key id. */
export function testSigningKey() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }) as string, keyId };
}
export type TestSigningKey = ReturnType<typeof testSigningKey>;

export const TEST_PATCH_ID = '7d8b3a6e-4b8f-4f55-9a43-0a3b9b8d1c11';

/** A served patch signed by `key` as the registry signs it; `overrides` change the signed content. */
export function signedTestPatch(key: TestSigningKey, overrides: Partial<ServedPatch> = {}): ServedPatch {
  const content = {
    patch_id: TEST_PATCH_ID,
    version: 3,
    sdk_language: 'node',
    error_signature: 'invalid_currency',
    match: { status: 400, error_code: 'invalid_currency', sdk_language: 'node' } as Record<string, unknown>,
    actions: [{ type: 'set_currency', to: 'XOF' }] as Record<string, unknown>[],
    patch_code: null as string | null,
    rollback_code: null as string | null,
    expires_at: '2099-01-01T00:00:00.000Z',
    ...overrides,
  };
  const payload = Buffer.from(signedPayloadOf(content), 'utf8');
  return {
    description: 'Fall back to XOF',
    ...content,
    content_hash: createHash('sha256').update(payload).digest('hex'),
    signature: sign(null, payload, key.privateKey).toString('base64'),
    key_id: key.keyId,
  };
}
