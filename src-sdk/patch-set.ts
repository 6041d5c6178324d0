import { bestPatch, compilePatch, matchedPrefix, type CompiledPatch, type PatchCandidate } from '../src-shared/patch-engine/matcher.js';
import type { FailureDetails } from './errors.js';
import type { PatchVerifier, Refusal, ServedPatch, VerifiedPatch } from './patch-verifier.js';

/** A patch version named in a `patchesChanged` event. */
export interface PatchVersionRef {
  patch_id: string;
  version: number;
}

/** What a refresh changed in the client's patch set. */
export interface PatchesChangedEvent {
  added: PatchVersionRef[];
  removed: PatchVersionRef[];
  /** Patches now held at another version (`version` is the new one). */
  updated: PatchVersionRef[];
}

/** Why the patch set may be out of date. */
export interface StaleEvent {
  reason: 'refresh_failing' | 'expired';
  /** When the set was last refreshed (ISO), or null when it never was. */
  last_refreshed_at: string | null;
}

/** The events the patch set raises, as the client emits them. */
export interface PatchSetEvents {
  ready: [{ patches: number }];
  stale: [StaleEvent];
  error: [Error];
  patchesChanged: [PatchesChangedEvent];
}

export interface PatchSetDeps {
  baseUrl: string;
  sdkToken: string;
  sdkVersion: string;
  verifier: PatchVerifier;
  allowCodePatches: boolean;
  /** Refresh failing for longer than this makes the set stale. */
  staleAfterMs: number;
  requestTimeoutMs: number;
  /** Wall clock (Unix milliseconds), for expiries and staleness. */
  now: () => number;
  emit<E extends keyof PatchSetEvents>(event: E, ...args: PatchSetEvents[E]): void;
  refused(patch: ServedPatch, refusal: Refusal): void;
}

type Candidate = PatchCandidate & { verified: VerifiedPatch };

/**
 * The active patches this client is served, verified and held in memory: the first place a failure
 * looks. Last-known-good: a refresh that fails keeps the set as it was, and a version refused in a
 * refresh keeps the good version held before it (when it has not expired); the versions that pass
 * replace theirs, and patches the registry no longer serves leave the set.
 */
export class PatchSet {
  private patches = new Map<string, CompiledPatch<Candidate>>();
  private lastGoodAt: number | null = null;
  private readonly createdAt: number;
  private stale = false;
  private readied = false;
  private refreshing: Promise<void> | undefined;
  private refreshQueued = false;

  constructor(private readonly deps: PatchSetDeps) {
    this.createdAt = deps.now();
  }

  get size(): number {
    return this.patches.size;
  }

  /** The best unexpired patch in the set for a failure, as the registry's lookup would rank it. */
  find(failure: FailureDetails): VerifiedPatch | null {
    const now = this.deps.now();
    const live = [...this.patches.values()].filter((patch) => patch.candidate.verified.expiresAt > now);
    const call = { sdk: 'node', sdkVersion: this.deps.sdkVersion, error: matchedPrefix(failure.message || failure.code), status: failure.status, errorCode: failure.code };
    return bestPatch(live, call, this.deps.allowCodePatches)?.candidate.verified ?? null;
  }

  /** Fetches the active set and merges it; never throws (a failure is an `error` event, maybe `stale`). One at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.refreshOnce().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  private async refreshOnce(): Promise<void> {
    let served: ServedPatch[];
    try {
      served = await this.fetchActive();
    } catch (error) {
      this.deps.emit('error', error instanceof Error ? error : new Error(String(error)));
      this.checkStale();
      return;
    }
    const next = new Map<string, CompiledPatch<Candidate>>();
    for (const patch of served) {
      const compiled = this.accept(patch);
      if (compiled) next.set(patch.patch_id, compiled);
      else {
        const held = this.patches.get(patch.patch_id);
        if (held && held.candidate.verified.expiresAt > this.deps.now()) next.set(patch.patch_id, held);
      }
    }
    const change = diff(this.patches, next);
    this.patches = next;
    this.lastGoodAt = this.deps.now();
    this.stale = false;
    if (!this.readied) {
      this.readied = true;
      this.deps.emit('ready', { patches: next.size });
    }
    if (change.added.length + change.removed.length + change.updated.length > 0) this.deps.emit('patchesChanged', change);
    this.checkStale();
  }

  /**
   * Drops one version the registry no longer serves this client (its rollout halted, its patch
   * deactivated), as a report answer says: only that exact version, so a newer one held meanwhile
   * stays. Emits `patchesChanged` and refreshes soon, which brings what is served instead (if anything).
   */
  withdraw(patchId: string, version: number): boolean {
    const held = this.patches.get(patchId);
    if (held?.candidate.verified.version !== version) return false;
    this.patches.delete(patchId);
    this.deps.emit('patchesChanged', { added: [], removed: [{ patch_id: patchId, version }], updated: [] });
    this.refreshSoon();
    return true;
  }

  /** One refresh for withdrawals that come together; after the refresh under way, which may have read the old set. */
  private refreshSoon(): void {
    if (this.refreshQueued) return;
    this.refreshQueued = true;
    const start = (): void => {
      this.refreshQueued = false;
      void this.refresh();
    };
    if (this.refreshing) void this.refreshing.then(start);
    else queueMicrotask(start);
  }

  /** Emits `stale` once per episode: refresh failing past `staleAfterMs`, or every held version expired. */
  checkStale(): void {
    if (this.stale) return;
    const now = this.deps.now();
    const expiries = [...this.patches.values()].map((patch) => patch.candidate.verified.expiresAt);
    let reason: StaleEvent['reason'] | null = null;
    if (now - (this.lastGoodAt ?? this.createdAt) > this.deps.staleAfterMs) reason = 'refresh_failing';
    else if (expiries.length > 0 && Math.max(...expiries) <= now) reason = 'expired';
    if (reason === null) return;
    this.stale = true;
    this.deps.emit('stale', { reason, last_refreshed_at: this.lastGoodAt === null ? null : new Date(this.lastGoodAt).toISOString() });
  }

  private accept(patch: ServedPatch): CompiledPatch<Candidate> | null {
    const held = this.patches.get(patch.patch_id);
    if (held && held.candidate.version === patch.version && held.candidate.verified.expiresAt === Date.parse(String(patch.expires_at))) {
      // The same signed version as held: already verified.
      return held;
    }
    const verification = this.deps.verifier.verify(patch);
    if (!verification.ok) {
      this.deps.refused(patch, verification);
      return null;
    }
    const verified = verification.patch;
    try {
      // Ties between equally specific patches go to the most recently signed version (the registry
      // breaks them by approval time, which a served patch does not carry; it signs at approval).
      return compilePatch<Candidate>({ ...verified, reviewed_at: new Date(verified.expiresAt).toISOString(), verified });
    } catch (error) {
      this.deps.refused(patch, { reason_code: 'invalid_actions', reason: `the match does not compile: ${(error as Error).message}` });
      return null;
    }
  }

  private async fetchActive(): Promise<ServedPatch[]> {
    const url = new URL('/api/dev/patches/active', this.deps.baseUrl);
    url.searchParams.set('sdk', 'node');
    url.searchParams.set('sdk_version', this.deps.sdkVersion);
    const response = await fetch(url, { headers: { authorization: `Bearer ${this.deps.sdkToken}` }, signal: AbortSignal.timeout(this.deps.requestTimeoutMs) });
    if (!response.ok) throw new Error(`GET /api/dev/patches/active answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
    const answer = (await response.json()) as { patches?: unknown };
    if (!Array.isArray(answer.patches)) throw new Error('GET /api/dev/patches/active answered without a "patches" list');
    return answer.patches.filter((patch): patch is ServedPatch => typeof patch === 'object' && patch !== null && typeof (patch as ServedPatch).patch_id === 'string');
  }
}

function diff(before: Map<string, CompiledPatch<Candidate>>, after: Map<string, CompiledPatch<Candidate>>): PatchesChangedEvent {
  const ref = (patch: CompiledPatch<Candidate>): PatchVersionRef => ({ patch_id: patch.candidate.verified.patch_id, version: patch.candidate.verified.version });
  const change: PatchesChangedEvent = { added: [], removed: [], updated: [] };
  for (const [id, patch] of after) {
    const old = before.get(id);
    if (!old) change.added.push(ref(patch));
    else if (old.candidate.verified.version !== patch.candidate.verified.version) change.updated.push(ref(patch));
  }
  for (const [id, patch] of before) if (!after.has(id)) change.removed.push(ref(patch));
  return change;
}
