import type { FailureDetails } from './errors.js';
import { retryDelay, type BackoffOptions, type RetryBudget } from './retry-policy.js';
import type { AttemptResult } from './transport.js';

/** How one run of attempts retries. */
export interface RetryLoopOptions {
  /** Retries after the first attempt (0: a single attempt). */
  maxRetries: number;
  backoff: BackoffOptions;
  maxRetryAfterMs: number;
  budget: RetryBudget;
  /** Which failures this run retries. */
  shouldRetry(failure: FailureDetails): boolean;
  sleep(ms: number): Promise<void>;
  /** Called before each retry (its number from 0, the wait, the failure it answers). */
  onRetry?(retry: number, waitMs: number, failure: FailureDetails): void;
}

/** The last attempt's result, how many attempts ran, and why retrying stopped when it failed. */
export interface RetryLoopResult {
  result: AttemptResult;
  attempts: number;
  stoppedBy?: 'max_retries' | 'not_retryable' | 'budget_empty' | 'retry_after_too_long';
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `attempt` until it succeeds or a retry is not allowed: the failure is not retryable here,
 * `maxRetries` is reached, the retry budget cannot pay, or `Retry-After` asks for longer than the
 * cap. Every attempt is the same logical call (the caller keeps its Idempotency-Key).
 */
export async function runWithRetries(attempt: () => Promise<AttemptResult>, options: RetryLoopOptions): Promise<RetryLoopResult> {
  let lastCost = 0;
  for (let retry = 0; ; retry += 1) {
    const result = await attempt();
    if (result.ok) {
      options.budget.succeeded(lastCost);
      return { result, attempts: retry + 1 };
    }
    const attempts = retry + 1;
    if (!options.shouldRetry(result.failure)) return { result, attempts, stoppedBy: 'not_retryable' };
    if (retry >= options.maxRetries) return { result, attempts, stoppedBy: 'max_retries' };
    const wait = retryDelay(retry, result.failure, { ...options.backoff, maxRetryAfterMs: options.maxRetryAfterMs });
    if (wait === null) return { result, attempts, stoppedBy: 'retry_after_too_long' };
    const cost = options.budget.acquire(result.failure);
    if (cost === null) return { result, attempts, stoppedBy: 'budget_empty' };
    lastCost = cost;
    options.onRetry?.(retry, wait, result.failure);
    if (wait > 0) await options.sleep(wait);
  }
}
