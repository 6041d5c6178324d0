import type { VerifiedPatch } from './patch-verifier.js';
import type { FailureDetails } from './errors.js';

/** Only this much of a message tells failures apart in the cache (the registry matches the first 4 KiB). */
const KEY_MESSAGE_PREFIX = 4096;
const MAX_ENTRIES = 500;

/** The cache key of a failure: status, code and message, as the registry's lookup reads them. */
export function failureKey(failure: FailureDetails): string {
  return JSON.stringify([failure.status ?? null, failure.code, failure.message.slice(0, KEY_MESSAGE_PREFIX)]);
}

/**
 * The registry's answers by failure, each kept `ttlMs`: a verified patch, or `null` when the
 * registry had none (a negative answer, so a failure without a patch does not ask on every call).
 * Bounded: past MAX_ENTRIES the oldest answer is dropped.
 */
export class PatchCache {
  private readonly entries = new Map<string, { patch: VerifiedPatch | null; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {}

  /** The cached answer, or undefined when there is none or it expired. */
  get(key: string): VerifiedPatch | null | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.patch;
  }

  /** Forgets the answers that gave this exact version (withdrawn by the registry): the next such failure asks again. */
  withdraw(patchId: string, version: number): void {
    for (const [key, entry] of this.entries) {
      if (entry.patch?.patch_id === patchId && entry.patch.version === version) this.entries.delete(key);
    }
  }

  set(key: string, patch: VerifiedPatch | null): void {
    this.entries.delete(key);
    this.entries.set(key, { patch, expiresAt: this.now() + this.ttlMs });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }
}
