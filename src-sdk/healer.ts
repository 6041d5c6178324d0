import type { CallState } from '../src-shared/patch-engine/dry-run-schema.js';
import { applyActions } from '../src-shared/patch-engine/interpreter.js';
import type { FailureDetails, HealAttempt } from './errors.js';
import { failureKey, type PatchCache } from './patch-cache.js';
import type { PatchSet } from './patch-set.js';
import type { PatchVerifier, Refusal, ServedPatch, VerifiedPatch } from './patch-verifier.js';
import type { AttemptResult } from './transport.js';

/** Runs a code patch's `patch_code` on a copy of the call's state, without filesystem, network or process access. */
export type CodePatchRunner = (code: string, state: CallState, options: { timeoutMs: number }) => Promise<{ ok: true; state: CallState } | { ok: false; error: string }>;

/** What the healer needs from the client. */
export interface HealerDeps {
  baseUrl: string;
  sdkToken: string;
  sdkVersion: string;
  /** The verified active set, looked in first. */
  patchSet: PatchSet;
  cache: PatchCache;
  verifier: PatchVerifier;
  /** Time budget of one healing chain (lookup, actions, code and any wait before the retry). */
  budgetMs: number;
  /** The clock requests are signed with (Unix milliseconds). */
  now: () => number;
  /** Set when code patches are allowed. */
  runCode?: CodePatchRunner;
  codeTimeoutMs: number;
  /** Whether the state's credential reference is configured. */
  hasCredential(ref: string): boolean;
  refused(patch: ServedPatch, refusal: Refusal): void;
  warn(message: string, fields: Record<string, unknown>): void;
  sleep(ms: number): Promise<void>;
}

export type HealOutcome =
  | { healed: false; attempt?: HealAttempt }
  | { healed: true; attempt: HealAttempt; result: AttemptResult & { ok: true } };

/**
 * One healing chain for one failed call: find a patch (the client's verified set, then the lookup
 * cache, then the registry), apply its actions (and its code, when allowed) to a copy of the call's
 * state, retry with the healed state, and undo the patch when the retry fails or a step cannot
 * apply. Never loops: the healed retry's own bounds (the patch's retry policy) end the chain.
 */
export class Healer {
  constructor(private readonly deps: HealerDeps) {}

  async heal(state: CallState, failure: FailureDetails, retry: (healed: CallState) => Promise<AttemptResult>): Promise<HealOutcome> {
    const deadline = performance.now() + this.deps.budgetMs;
    const patch = await this.find(failure, deadline);
    if (!patch) return { healed: false };
    const clock = serverClock(failure) ?? this.deps.now();
    const applied = applyActions(state, patch.actions, { now: new Date(clock) });
    const base = { patch_id: patch.patch_id, version: patch.version };
    let healed = applied.state;
    let stepError = applied.steps.find((step) => step.error !== null)?.error ?? null;
    if (!stepError && patch.patch_code !== null) {
      const ran = await this.runCode(patch.patch_code, healed, deadline);
      if (ran.ok) healed = ran.state;
      else stepError = `the patch code failed: ${ran.error}`;
    }
    stepError ??= unknownCredential(healed, this.deps);
    // The healed state is a copy owned by this call: undoing the patch is dropping it, and the
    // call's own state (what `undo` would give back) is left as it was.
    if (stepError) {
      this.deps.warn('Molam SDK could not apply self-healing patch; undone', { ...base, error: stepError });
      return { healed: false, attempt: { ...base, success: false, rollback_triggered: true, retryFailure: { status: undefined, code: 'patch_not_applicable', message: stepError } } };
    }
    await this.waitRetryAfter(healed, failure, deadline);
    const result = await retry(healed);
    if (result.ok) return { healed: true, attempt: { ...base, success: true, rollback_triggered: false }, result };
    return { healed: false, attempt: { ...base, success: false, rollback_triggered: true, retryFailure: result.failure } };
  }

  /** The verified patch for this failure, or null (no patch, refused, or the registry unreachable in time). */
  private async find(failure: FailureDetails, deadline: number): Promise<VerifiedPatch | null> {
    const held = this.deps.patchSet.find(failure);
    if (held) return held;
    const key = failureKey(failure);
    const cached = this.deps.cache.get(key);
    if (cached !== undefined && (cached === null || cached.expiresAt > this.deps.now())) return cached;
    const served = await this.lookup(failure, deadline);
    if (served === undefined) return null;
    if (served === null) {
      this.deps.cache.set(key, null);
      return null;
    }
    const verification = this.deps.verifier.verify(served);
    if (!verification.ok) {
      this.deps.refused(served, verification);
      this.deps.cache.set(key, null);
      return null;
    }
    this.deps.cache.set(key, verification.patch);
    return verification.patch;
  }

  /** Asks the registry; undefined when it could not answer within the budget (nothing is cached then). */
  private async lookup(failure: FailureDetails, deadline: number): Promise<ServedPatch | null | undefined> {
    const remaining = Math.round(deadline - performance.now());
    if (remaining <= 0) return undefined;
    const body: Record<string, unknown> = {
      sdk: 'node',
      sdk_version: this.deps.sdkVersion,
      error: failure.message || failure.code,
      error_code: failure.code,
      allow_code_patches: this.deps.runCode !== undefined,
    };
    if (failure.status !== undefined) body.status = failure.status;
    try {
      const response = await fetch(new URL('/api/dev/self-heal', this.deps.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.deps.sdkToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(remaining),
      });
      if (!response.ok) {
        this.deps.warn('Molam SDK self-heal lookup failed', { status: response.status, body: (await response.text()).slice(0, 500) });
        return undefined;
      }
      const answer = (await response.json()) as { patch?: ServedPatch | null };
      return answer.patch ?? null;
    } catch (error) {
      this.deps.warn('Molam SDK self-heal lookup failed', { error: (error as Error).message });
      return undefined;
    }
  }

  private async runCode(code: string, state: CallState, deadline: number): Promise<{ ok: true; state: CallState } | { ok: false; error: string }> {
    const timeoutMs = Math.min(this.deps.codeTimeoutMs, Math.max(0, Math.round(deadline - performance.now())));
    if (!this.deps.runCode) return { ok: false, error: 'code patches are not allowed' };
    if (timeoutMs <= 0) return { ok: false, error: 'no time left in the healing budget' };
    try {
      return await this.deps.runCode(code, state, { timeoutMs });
    } catch (error) {
      return { ok: false, error: (error as Error).message };
    }
  }

  /** Waits as long as Retry-After asks, capped by the patch's `retry_after_max_ms` and the budget. */
  private async waitRetryAfter(state: CallState, failure: FailureDetails, deadline: number): Promise<void> {
    const cap = state.options.retry_after_max_ms;
    if (typeof cap !== 'number' || failure.retryAfterMs === undefined) return;
    const wait = Math.min(failure.retryAfterMs, cap, Math.max(0, deadline - performance.now()));
    if (wait > 0) await this.deps.sleep(wait);
  }
}

/** The server's clock from a `signature_timestamp_out_of_range` answer, so a re-signed request lands inside its window. */
function serverClock(failure: FailureDetails): number | undefined {
  const serverTime = failure.details?.server_time;
  return typeof serverTime === 'number' && Number.isFinite(serverTime) ? serverTime * 1000 : undefined;
}

function unknownCredential(state: CallState, deps: HealerDeps): string | null {
  return deps.hasCredential(state.credential) ? null : `credential "${state.credential}" is not configured in fallbackCredentials`;
}
