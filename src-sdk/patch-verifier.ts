import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { PatchActionsSchema, signedPayloadOf, type PatchAction } from '../src-shared/patch-format.js';
import { MolamConfigError } from './errors.js';

/** A patch as `POST /api/dev/self-heal` serves it (the fields the SDK reads). */
export interface ServedPatch {
  patch_id: string;
  version: number;
  sdk_language: string;
  error_signature: string;
  description: string;
  match: Record<string, unknown>;
  actions: Record<string, unknown>[];
  patch_code: string | null;
  rollback_code: string | null;
  content_hash: string;
  signature: string;
  key_id: string;
}

/** A served patch whose signature holds, with its actions parsed. */
export interface VerifiedPatch {
  patch_id: string;
  version: number;
  error_signature: string;
  description: string;
  actions: PatchAction[];
}

export type Verification = { ok: true; patch: VerifiedPatch } | { ok: false; reason: string };

/** key_id as the registry computes it: the first 16 hex characters of SHA-256 over the SPKI DER. */
function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/**
 * Checks served patches against the Ed25519 public keys pinned in the client's configuration.
 * A patch is used only when a pinned key with its key_id verifies its signature over
 * `signedPayloadOf(patch)`, its content hash matches, it is for Node and its actions parse.
 */
export class PatchVerifier {
  private readonly keys = new Map<string, KeyObject>();

  constructor(pems: readonly string[]) {
    for (const [index, pem] of pems.entries()) {
      let key: KeyObject;
      try {
        key = createPublicKey(pem);
      } catch (error) {
        throw new MolamConfigError(`trustedPatchKeys[${index}] is not a PEM public key: ${(error as Error).message}`);
      }
      if (key.asymmetricKeyType !== 'ed25519') {
        throw new MolamConfigError(`trustedPatchKeys[${index}] is a ${key.asymmetricKeyType} key; patch signatures are Ed25519`);
      }
      this.keys.set(keyIdOf(key), key);
    }
  }

  get size(): number {
    return this.keys.size;
  }

  verify(patch: ServedPatch): Verification {
    const key = this.keys.get(patch.key_id);
    if (!key) return { ok: false, reason: `signed by key ${patch.key_id}, which is not pinned in trustedPatchKeys` };
    if (typeof patch.signature !== 'string' || patch.signature === '') return { ok: false, reason: 'the patch is unsigned' };
    const payload = Buffer.from(signedPayloadOf(patch), 'utf8');
    if (!verify(null, payload, key, Buffer.from(patch.signature, 'base64'))) {
      return { ok: false, reason: `the signature does not verify with key ${patch.key_id}: the patch was altered or signed by another key` };
    }
    if (createHash('sha256').update(payload).digest('hex') !== patch.content_hash) {
      return { ok: false, reason: 'content_hash does not match the signed content' };
    }
    if (patch.sdk_language !== 'node') return { ok: false, reason: `the patch is for ${patch.sdk_language}, not node` };
    if (patch.patch_code !== null) return { ok: false, reason: 'code patches are not run by this SDK; only declarative actions' };
    const actions = PatchActionsSchema.safeParse(patch.actions);
    if (!actions.success) return { ok: false, reason: `the actions do not parse: ${actions.error.issues[0]?.message ?? 'invalid'}` };
    if (actions.data.length === 0) return { ok: false, reason: 'the patch has no actions' };
    return {
      ok: true,
      patch: {
        patch_id: patch.patch_id,
        version: patch.version,
        error_signature: patch.error_signature,
        description: patch.description,
        actions: actions.data,
      },
    };
  }
}
