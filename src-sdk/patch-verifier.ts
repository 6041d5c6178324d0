import { createHash, createPublicKey, verify, type KeyObject } from 'node:crypto';
import { PatchActionsSchema, signedPayloadOf, type PatchAction } from '../src-shared/patch-format.js';
import type { PatchRefusalReason } from '../src-shared/schemas/sdk-refusal.js';
import { MolamConfigError } from './errors.js';

/** A patch as the registry serves it (`POST /api/dev/self-heal`, `GET /api/dev/patches/active`): the fields the SDK reads. */
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
  /** Signed expiry (ISO-8601 UTC): past it the version is refused. */
  expires_at: string;
  content_hash: string;
  signature: string;
  key_id: string;
}

/** A served patch whose checks all hold, with its actions parsed. */
export interface VerifiedPatch {
  patch_id: string;
  version: number;
  error_signature: string;
  description: string;
  match: Record<string, unknown>;
  actions: PatchAction[];
  /** Present only when the client allows code patches. */
  patch_code: string | null;
  /** Unix milliseconds. */
  expiresAt: number;
}

/** Why a served version was refused: a reason code of the refusal report and a sentence for logs. */
export interface Refusal {
  reason_code: PatchRefusalReason;
  reason: string;
  /** For `rollback`: the highest version of the patch seen before. */
  highest_seen_version?: number;
}

export type Verification = { ok: true; patch: VerifiedPatch } | ({ ok: false } & Refusal);

export interface PatchVerifierOptions {
  /** Run code patches (`patch_code`); refused otherwise. */
  allowCodePatches?: boolean;
  /** The clock expiries are checked against (Unix milliseconds). */
  now?: () => number;
}

/** key_id as the registry computes it: the first 16 hex characters of SHA-256 over the SPKI DER. */
function keyIdOf(key: KeyObject): string {
  return createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

const refuse = (reason_code: PatchRefusalReason, reason: string, extra: Partial<Refusal> = {}): Verification => ({ ok: false, reason_code, reason, ...extra });

/**
 * Checks served patches in the spirit of The Update Framework. A version is used only when: it is
 * signed by a pinned Ed25519 key of its key_id over `signedPayloadOf(patch)` (which covers
 * `expires_at`), its content hash matches, its signed expiry has not passed (a freeze attack serves
 * an old, still-signed version forever), it is not older than a version of the same patch this
 * verifier has accepted before (a rollback attack), it is for Node, it is not a code patch unless
 * they are allowed, and its actions parse. The highest version accepted per patch is kept in memory.
 */
export class PatchVerifier {
  private readonly keys = new Map<string, KeyObject>();
  private readonly highestSeen = new Map<string, number>();
  private readonly allowCodePatches: boolean;
  private readonly now: () => number;

  constructor(pems: readonly string[], options: PatchVerifierOptions = {}) {
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
    this.allowCodePatches = options.allowCodePatches ?? false;
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.keys.size;
  }

  /** The highest version of `patchId` accepted so far. */
  highestVersionOf(patchId: string): number | undefined {
    return this.highestSeen.get(patchId);
  }

  verify(patch: ServedPatch): Verification {
    if (typeof patch.signature !== 'string' || patch.signature === '') return refuse('unsigned', 'the patch is unsigned');
    const key = this.keys.get(patch.key_id);
    if (!key) return refuse('unknown_key', `signed by key ${String(patch.key_id)}, which is not pinned in trustedPatchKeys`);
    const payload = Buffer.from(signedPayloadOf(patch), 'utf8');
    if (!verify(null, payload, key, Buffer.from(patch.signature, 'base64'))) {
      return refuse('bad_signature', `the signature does not verify with key ${patch.key_id}: the patch was altered or signed by another key`);
    }
    if (createHash('sha256').update(payload).digest('hex') !== patch.content_hash) {
      return refuse('hash_mismatch', 'content_hash does not match the signed content');
    }
    const expiresAt = typeof patch.expires_at === 'string' ? Date.parse(patch.expires_at) : Number.NaN;
    if (Number.isNaN(expiresAt)) return refuse('expired', 'the patch carries no signed expiry (expires_at); an unbounded version is refused');
    if (expiresAt <= this.now()) return refuse('expired', `the version expired at ${patch.expires_at}: a stale copy is being served`);
    const highest = this.highestSeen.get(patch.patch_id);
    if (highest !== undefined && patch.version < highest) {
      return refuse('rollback', `version ${patch.version} is older than version ${highest} of this patch, already seen`, { highest_seen_version: highest });
    }
    if (patch.sdk_language !== 'node') return refuse('wrong_language', `the patch is for ${patch.sdk_language}, not node`);
    if (patch.patch_code !== null && !this.allowCodePatches) {
      return refuse('code_patch_not_allowed', 'code patches are not run by this client (allowCodePatches is off); only declarative actions');
    }
    const actions = PatchActionsSchema.safeParse(patch.actions);
    if (!actions.success) return refuse('invalid_actions', `the actions do not parse: ${actions.error.issues[0]?.message ?? 'invalid'}`);
    if (actions.data.length === 0 && patch.patch_code === null) return refuse('invalid_actions', 'the patch has no actions');
    this.highestSeen.set(patch.patch_id, Math.max(highest ?? 0, patch.version));
    return {
      ok: true,
      patch: {
        patch_id: patch.patch_id,
        version: patch.version,
        error_signature: patch.error_signature,
        description: patch.description,
        match: patch.match,
        actions: actions.data,
        patch_code: patch.patch_code,
        expiresAt,
      },
    };
  }
}
