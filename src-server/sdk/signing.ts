import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signedPayloadOf, type SignedPatchContent } from '../../src-shared/patch-format.js';
import type { Queryable } from '../db/database.js';

export const SIGNING_KEY_FILE = 'patch-signing-key.pem';
/** How long a signature vouches for a version by default: 14 days (re-signed when less than half remains). */
export const DEFAULT_PATCH_SIGNATURE_TTL_MS = 14 * 24 * 60 * 60 * 1000;

/** A patch version's signature, the key that made it, the hash of what it covers and when it expires. */
export interface PatchSignature {
  content_hash: string;
  signature: string;
  key_id: string;
  /** The signed expiry (ISO-8601 UTC, millisecond precision, as PostgreSQL gives it back). */
  expires_at: string;
}

/** What a caller hands the signer: the signed content but its expiry, which the signer sets. */
export type UnsignedPatchContent = Omit<SignedPatchContent, 'expires_at'>;

export interface LoadedKey {
  privateKey: KeyObject;
  publicKeyPem: string;
  keyId: string;
}

/** key_id: the first 16 hex characters of SHA-256 over the public key's DER (SPKI) encoding. */
export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/**
 * Signs patch versions with the server's Ed25519 key, kept in `<dataDir>/patch-signing-key.pem`
 * (created with mode 0600 on first use). Its public key is recorded in `sdk_signing_keys`, in the
 * same transaction as each version it signs, so every server process on the same database lists it
 * and it stays listed after a rotation.
 */
export class PatchSigner {
  private key: LoadedKey | undefined;

  /** `ttlMs`: how long each signature is valid; `now` is the clock (injectable for tests). */
  constructor(
    private readonly dataDir: string,
    readonly ttlMs: number = DEFAULT_PATCH_SIGNATURE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Signs the version's content, valid for `ttlMs` from now; the hash and the signature cover the
   * same canonical text, the expiry included.
   */
  async sign(db: Queryable, content: UnsignedPatchContent): Promise<PatchSignature> {
    const key = await this.register(db);
    const expires_at = new Date(this.now() + this.ttlMs).toISOString();
    const payload = Buffer.from(signedPayloadOf({ ...content, expires_at }), 'utf8');
    return {
      content_hash: createHash('sha256').update(payload).digest('hex'),
      signature: sign(null, payload, key.privateKey).toString('base64'),
      key_id: key.keyId,
      expires_at,
    };
  }

  /** Loads (or creates) the key and makes sure its public half is listed in `sdk_signing_keys`. */
  async register(db: Queryable): Promise<LoadedKey> {
    const key = this.load();
    await db.query('INSERT INTO sdk_signing_keys (key_id, public_key_pem) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING', [
      key.keyId,
      key.publicKeyPem,
    ]);
    return key;
  }

  private load(): LoadedKey {
    if (this.key) return this.key;
    mkdirSync(this.dataDir, { recursive: true });
    const path = join(this.dataDir, SIGNING_KEY_FILE);
    let pem: string;
    try {
      pem = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const { privateKey } = generateKeyPairSync('ed25519');
      pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      try {
        // `wx` fails if another process created the file first; then its key wins.
        writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
      } catch (writeError) {
        if ((writeError as NodeJS.ErrnoException).code !== 'EEXIST') throw writeError;
        pem = readFileSync(path, 'utf8');
      }
    }
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new Error(`${path} does not hold an Ed25519 private key`);
    }
    const publicKey = createPublicKey(privateKey);
    this.key = {
      privateKey,
      publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string,
      keyId: keyIdOf(publicKey),
    };
    return this.key;
  }
}
