import type { FailureDetails } from './errors.js';

/** HTTP statuses a plain retry may fix: rate limited, or the server or a gateway failing for now. */
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** Whether a failure is transient: a network error, a timeout, 429 or 500/502/503/504. */
export function isRetryable(failure: FailureDetails): boolean {
  if (failure.status === undefined) return failure.code === 'timeout' || failure.code === 'network_error';
  return RETRYABLE_STATUSES.has(failure.status);
}

/** How plain retries back off. */
export interface BackoffOptions {
  /** The first retry waits up to this (milliseconds); the ceiling doubles with each retry. */
  baseMs: number;
  /** No wait exceeds this. */
  capMs: number;
  /** A number in [0, 1), `Math.random` by default; injectable so tests are repeatable. */
  random: () => number;
}

/**
 * "Full jitter" (AWS Architecture Blog, Exponential Backoff and Jitter): the wait before retry `n`
 * (0 for the first) is uniform in [0, min(cap, base * 2^n)), which spreads clients that failed together.
 */
export function fullJitterDelay(retry: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(retry, 30));
  return Math.floor(options.random() * ceiling);
}

/**
 * The wait before the next plain retry, or null when the answer forbids retrying within the cap:
 * a `Retry-After` is honoured (the wait is at least what it asks) up to `maxRetryAfterMs`; past it the
 * server asked for more patience than the client allows, and retrying sooner would only add load.
 */
export function retryDelay(retry: number, failure: FailureDetails, options: BackoffOptions & { maxRetryAfterMs: number }): number | null {
  const jittered = fullJitterDelay(retry, options);
  if (failure.retryAfterMs === undefined) return jittered;
  if (failure.retryAfterMs > options.maxRetryAfterMs) return null;
  return Math.max(jittered, failure.retryAfterMs);
}

/** The retry budget's sizes, as the AWS SDKs' "standard" retry mode sets them. */
export interface RetryBudgetOptions {
  capacity: number;
  /** Tokens a retry takes. */
  retryCost: number;
  /** Tokens a retry after a timeout takes (timeouts are costlier for a struggling backend). */
  timeoutRetryCost: number;
  /** Tokens a call that succeeded at its first attempt gives back. */
  successRefill: number;
}

export const DEFAULT_RETRY_BUDGET: RetryBudgetOptions = { capacity: 500, retryCost: 5, timeoutRetryCost: 10, successRefill: 1 };

/**
 * A client-wide token bucket that bounds retries, so a failing backend is not stormed: every retry
 * takes tokens, a retry that succeeds gives its tokens back, a first-attempt success adds one; when
 * the bucket cannot pay for a retry, the call fails at once with the error it had.
 */
export class RetryBudget {
  private tokens: number;

  constructor(private readonly options: RetryBudgetOptions = DEFAULT_RETRY_BUDGET) {
    this.tokens = options.capacity;
  }

  get available(): number {
    return this.tokens;
  }

  /** Takes the cost of retrying after `failure`; returns the tokens taken, or null when the bucket cannot pay. */
  acquire(failure: FailureDetails): number | null {
    const cost = failure.code === 'timeout' ? this.options.timeoutRetryCost : this.options.retryCost;
    if (this.tokens < cost) return null;
    this.tokens -= cost;
    return cost;
  }

  /** A call succeeded; `retryCost` is what its last retry took (0 when it succeeded at once). */
  succeeded(retryCost: number): void {
    this.tokens = Math.min(this.options.capacity, this.tokens + (retryCost > 0 ? retryCost : this.options.successRefill));
  }
}
