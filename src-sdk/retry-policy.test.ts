import { describe, expect, it } from 'vitest';
import type { FailureDetails } from './errors.js';
import { runWithRetries } from './retry-loop.js';
import { fullJitterDelay, isRetryable, retryDelay, RetryBudget } from './retry-policy.js';
import type { AttemptResult } from './transport.js';

/** A seeded generator (mulberry32), so the jitter tests are repeatable; the seed is printed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const failure = (status: number | undefined, code = `http_${String(status)}`, retryAfterMs?: number): FailureDetails => ({ status, code, message: code, retryAfterMs });
const failed = (f: FailureDetails): AttemptResult => ({ ok: false, failure: f });
const succeeded: AttemptResult = { ok: true, status: 200, body: {} };

describe('which failures a plain retry may fix', () => {
  it('retries network errors, timeouts, 429 and 500/502/503/504', () => {
    for (const f of [failure(undefined, 'network_error'), failure(undefined, 'timeout'), failure(429), failure(500), failure(502), failure(503), failure(504)]) {
      expect(isRetryable(f)).toBe(true);
    }
  });

  it('never retries 400, 401, 403, 404, 409, 422 or 501', () => {
    for (const status of [400, 401, 403, 404, 409, 422, 501]) expect(isRetryable(failure(status))).toBe(false);
    expect(isRetryable(failure(undefined, 'invalid_response'))).toBe(false);
  });
});

describe('full-jitter backoff', () => {
  it('waits a uniform time in [0, min(cap, base * 2^n)) for retry n', () => {
    const seed = 20261204;
    console.info(`full-jitter test seed: ${seed}`);
    const random = seeded(seed);
    const waits: number[][] = [[], [], [], [], []];
    for (let i = 0; i < 2000; i++) {
      for (let n = 0; n < 5; n++) waits[n]!.push(fullJitterDelay(n, { baseMs: 100, capMs: 1000, random }));
    }
    const ceilings = [100, 200, 400, 800, 1000];
    for (const [n, list] of waits.entries()) {
      expect(Math.min(...list)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...list)).toBeLessThan(ceilings[n]!);
      // Spread over the whole range, not bunched at the ceiling: the mean is near half of it.
      const mean = list.reduce((sum, wait) => sum + wait, 0) / list.length;
      expect(mean / ceilings[n]!).toBeGreaterThan(0.4);
      expect(mean / ceilings[n]!).toBeLessThan(0.6);
    }
  });

  it('gives the extremes of the range for the extremes of the random number', () => {
    expect(fullJitterDelay(3, { baseMs: 100, capMs: 10_000, random: () => 0 })).toBe(0);
    expect(fullJitterDelay(3, { baseMs: 100, capMs: 10_000, random: () => 0.999999 })).toBe(799);
  });

  it('honours Retry-After up to the cap, and gives up retrying past it', () => {
    const options = { baseMs: 100, capMs: 1000, random: () => 0.5, maxRetryAfterMs: 20_000 };
    expect(retryDelay(0, failure(429, 'rate_limited'), options)).toBe(50);
    expect(retryDelay(0, failure(429, 'rate_limited', 3000), options)).toBe(3000);
    expect(retryDelay(0, failure(429, 'rate_limited', 20_000), options)).toBe(20_000);
    expect(retryDelay(0, failure(429, 'rate_limited', 20_001), options)).toBeNull();
  });
});

describe('the retry budget', () => {
  it('takes 5 tokens per retry, 10 per retry after a timeout, refuses what it cannot pay, and refills', () => {
    const budget = new RetryBudget({ capacity: 20, retryCost: 5, timeoutRetryCost: 10, successRefill: 1 });
    expect(budget.acquire(failure(503))).toBe(5);
    expect(budget.acquire(failure(undefined, 'timeout'))).toBe(10);
    expect(budget.available).toBe(5);
    expect(budget.acquire(failure(undefined, 'timeout'))).toBeNull();
    expect(budget.acquire(failure(503))).toBe(5);
    expect(budget.acquire(failure(503))).toBeNull();
    budget.succeeded(0);
    expect(budget.available).toBe(1);
    budget.succeeded(5);
    expect(budget.available).toBe(6);
    for (let i = 0; i < 100; i++) budget.succeeded(5);
    expect(budget.available).toBe(20);
  });
});

describe('runWithRetries', () => {
  const options = (overrides: Partial<Parameters<typeof runWithRetries>[1]> = {}) => {
    const waits: number[] = [];
    return {
      waits,
      options: {
        maxRetries: 2,
        backoff: { baseMs: 100, capMs: 1000, random: () => 0.5 },
        maxRetryAfterMs: 20_000,
        budget: new RetryBudget(),
        shouldRetry: isRetryable,
        sleep: async (ms: number) => void waits.push(ms),
        ...overrides,
      },
    };
  };

  it('retries a transient failure with growing waits and stops at maxRetries', async () => {
    const { waits, options: opts } = options();
    let calls = 0;
    const run = await runWithRetries(async () => (calls++, failed(failure(503))), opts);
    expect({ calls, attempts: run.attempts, stoppedBy: run.stoppedBy, waits }).toEqual({ calls: 3, attempts: 3, stoppedBy: 'max_retries', waits: [50, 100] });
  });

  it('does not retry a 4xx other than 429', async () => {
    for (const status of [400, 401, 403, 404, 409, 422]) {
      const { waits, options: opts } = options();
      let calls = 0;
      const run = await runWithRetries(async () => (calls++, failed(failure(status))), opts);
      expect({ calls, stoppedBy: run.stoppedBy, waits }).toEqual({ calls: 1, stoppedBy: 'not_retryable', waits: [] });
    }
  });

  it('waits for Retry-After, and stops at once when it asks for more than the cap', async () => {
    const { waits, options: opts } = options({ maxRetryAfterMs: 2000 });
    const answers = [failed(failure(429, 'rate_limited', 1500)), succeeded];
    const run = await runWithRetries(async () => answers.shift()!, opts);
    expect({ ok: run.result.ok, waits }).toEqual({ ok: true, waits: [1500] });

    const { waits: none, options: capped } = options({ maxRetryAfterMs: 2000 });
    const stopped = await runWithRetries(async () => failed(failure(429, 'rate_limited', 60_000)), capped);
    expect({ attempts: stopped.attempts, stoppedBy: stopped.stoppedBy, none }).toEqual({ attempts: 1, stoppedBy: 'retry_after_too_long', none: [] });
  });

  it('stops retrying when the budget is empty and gives the retry cost back when a retry succeeds', async () => {
    const budget = new RetryBudget({ capacity: 12, retryCost: 5, timeoutRetryCost: 10, successRefill: 1 });
    const { options: opts } = options({ budget, maxRetries: 5 });
    const run = await runWithRetries(async () => failed(failure(502)), opts);
    expect({ attempts: run.attempts, stoppedBy: run.stoppedBy, left: budget.available }).toEqual({ attempts: 3, stoppedBy: 'budget_empty', left: 2 });

    const answers = [failed(failure(undefined, 'network_error')), succeeded];
    const refill = new RetryBudget({ capacity: 12, retryCost: 5, timeoutRetryCost: 10, successRefill: 1 });
    await runWithRetries(async () => answers.shift()!, options({ budget: refill }).options);
    expect(refill.available).toBe(12);
  });
});
