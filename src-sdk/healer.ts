import type { CallState } from '../src-shared/patch-engine/dry-run-schema.js';
import { applyActions } from '../src-shared/patch-engine/interpreter.js';
import type { FailureDetails, HealAttempt } from './errors.js';
import { failureKey, type PatchCache } from './patch-cache.js';
import type { PatchVerifier, ServedPatch, VerifiedPatch } from './patch-verifier.js';
import type { AttemptResult } from './transport.js';

/** What the healer needs from the client. */
export interface HealerDeps {
  baseUrl: string;
  sdkToken: string;
  sdkVersion: string;
  cache: PatchCache;
  verifier: PatchVerifier;
  /** Time budget of one healing chain (lookup, actions and any wait before the retry). */
  budgetMs: number;
  /** The clock requests are signed with (Unix milliseconds). */
  now: () => number;
  /** Whether the state's credential reference is configured. */
  hasCredential(ref: string): boolean;
  warn(message: string, fields: Record<string, unknown>): void;
}

export type HealOutcome =
  | { healed: false; attempt?: HealAttempt }
  | { healed: true; attempt: HealAttempt; result: AttemptResult & { ok: true } };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One healing chain for one failed call: find a patch (cache, else the registry), verify it, apply
 * its actions to a copy of the call's state, retry once, and undo the actions when the retry fails
 * or an action cannot apply. Never loops: a failed retry ends the chain.
 */
export class Healer {
  constructor(private readonly deps: HealerDeps) {}

  async heal(state: CallState, failure: FailureDetails, retry: (healed: CallState) => Promise<AttemptResult>): Promise<HealOutcome> {
    const deadline = performance.now() + this.deps.budgetMs;
    const patch = await this.find(failure, deadline);
    if (!patch) return { healed: false };
    const clock = serverClock(failure) ?? this.deps.now();
    const applied = applyActions(state, patch.actions, { now: new Date(clock) });
    const stepError = applied.steps.find((step) => step.error !== null)?.error ?? unknownCredential(applied.state, this.deps);
    const base = { patch_id: patch.patch_id, version: patch.version };
    // The healed state is a copy owned by this call: undoing the patch is dropping it, and the
    // call's own state (what `undo` would give back) is left as it was.
    if (stepError) {
      this.deps.warn('Molam SDK could not apply self-healing patch; undone', { ...base, error: stepError });
      return { healed: false, attempt: { ...base, success: false, rollback_triggered: true, retryFailure: { status: undefined, code: 'patch_not_applicable', message: stepError } } };
    }
    await this.waitRetryAfter(applied.state, failure, deadline);
    const result = await retry(applied.state);
    if (result.ok) return { healed: true, attempt: { ...base, success: true, rollback_triggered: false }, result };
    return { healed: false, attempt: { ...base, success: false, rollback_triggered: true, retryFailure: result.failure } };
  }

  /** The verified patch for this failure, or null (no patch, refused, or the registry unreachable in time). */
  private async find(failure: FailureDetails, deadline: number): Promise<VerifiedPatch | null> {
    const key = failureKey(failure);
    const cached = this.deps.cache.get(key);
    if (cached !== undefined) return cached;
    const served = await this.lookup(failure, deadline);
    if (served === undefined) return null;
    if (served === null) {
      this.deps.cache.set(key, null);
      return null;
    }
    const verification = this.deps.verifier.verify(served);
    if (!verification.ok) {
      this.deps.warn('Molam SDK refused a self-healing patch', { patch_id: served.patch_id, version: served.version, reason: verification.reason });
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
    const body: Record<string, unknown> = { sdk: 'node', sdk_version: this.deps.sdkVersion, error: failure.message || failure.code, error_code: failure.code };
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

  /** Waits as long as Retry-After asks, capped by the patch's `retry_after_max_ms` and the budget. */
  private async waitRetryAfter(state: CallState, failure: FailureDetails, deadline: number): Promise<void> {
    const cap = state.options.retry_after_max_ms;
    if (typeof cap !== 'number' || failure.retryAfterMs === undefined) return;
    const wait = Math.min(failure.retryAfterMs, cap, Math.max(0, deadline - performance.now()));
    if (wait > 0) await sleep(wait);
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
