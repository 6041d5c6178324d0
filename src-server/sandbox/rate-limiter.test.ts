import { describe, expect, it } from 'vitest';
import { TokenBucketLimiter } from './rate-limiter.js';

function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('the per-key token bucket', () => {
  it('lets a burst of 40 through at the default limit, refuses the 41st, and refills at 20 per second', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ per_second: 20, burst: 40 }, time.now);
    for (let i = 0; i < 40; i++) expect(limiter.take('key-a')).toEqual({ allowed: true });
    expect(limiter.take('key-a')).toEqual({ allowed: false, retryAfterMs: 50 });
    time.advance(49);
    expect(limiter.take('key-a').allowed).toBe(false);
    time.advance(1);
    expect(limiter.take('key-a').allowed).toBe(true);
    expect(limiter.take('key-a').allowed).toBe(false);
  });

  it('keeps one bucket per key', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ per_second: 1, burst: 1 }, time.now);
    expect(limiter.take('key-a').allowed).toBe(true);
    expect(limiter.take('key-a').allowed).toBe(false);
    expect(limiter.take('key-b').allowed).toBe(true);
  });

  it('never holds more than the burst, however long a key stays idle', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ per_second: 10, burst: 3 }, time.now);
    limiter.take('key-a');
    time.advance(60_000);
    for (let i = 0; i < 3; i++) expect(limiter.take('key-a').allowed).toBe(true);
    expect(limiter.take('key-a').allowed).toBe(false);
  });

  it('starts every bucket full again when the limit changes', () => {
    const time = clock();
    const limiter = new TokenBucketLimiter({ per_second: 1, burst: 1 }, time.now);
    limiter.take('key-a');
    limiter.configure({ per_second: 1, burst: 2 });
    expect(limiter.take('key-a').allowed).toBe(true);
    expect(limiter.take('key-a').allowed).toBe(true);
    expect(limiter.take('key-a')).toEqual({ allowed: false, retryAfterMs: 1000 });
  });
});
