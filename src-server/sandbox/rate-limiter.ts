import type { SandboxRateLimit } from '../../src-shared/schemas/sandbox.js';

export type TakeResult = { allowed: true } | { allowed: false; retryAfterMs: number };

interface Bucket {
  tokens: number;
  /** Clock reading (ms) at which `tokens` was last brought up to date. */
  at: number;
}

/** Past this many buckets, idle (full) ones are dropped so a stream of keys cannot grow memory forever. */
const PRUNE_ABOVE = 10_000;

/**
 * A token bucket per key: `burst` tokens at most, refilled at `per_second`; each request takes one.
 * Buckets live in this process's memory; several server processes limit independently.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private limit: SandboxRateLimit,
    private readonly now: () => number = () => performance.now(),
  ) {}

  get config(): SandboxRateLimit {
    return this.limit;
  }

  /** Changes the limit; every bucket starts full again under the new one. */
  configure(limit: SandboxRateLimit): void {
    this.limit = limit;
    this.buckets.clear();
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.refilled(this.buckets.get(key), now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.store(key, bucket, now);
      return { allowed: true };
    }
    this.store(key, bucket, now);
    const retryAfterMs = Math.ceil(((1 - bucket.tokens) / this.limit.per_second) * 1000);
    return { allowed: false, retryAfterMs: Math.max(1, retryAfterMs) };
  }

  private refilled(bucket: Bucket | undefined, now: number): Bucket {
    if (!bucket) return { tokens: this.limit.burst, at: now };
    const elapsedSeconds = Math.max(0, now - bucket.at) / 1000;
    return { tokens: Math.min(this.limit.burst, bucket.tokens + elapsedSeconds * this.limit.per_second), at: now };
  }

  private store(key: string, bucket: Bucket, now: number): void {
    this.buckets.set(key, bucket);
    if (this.buckets.size <= PRUNE_ABOVE) return;
    for (const [other, value] of this.buckets) {
      if (this.refilled(value, now).tokens >= this.limit.burst) this.buckets.delete(other);
    }
  }
}
