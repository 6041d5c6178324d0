import { describe, expect, it } from 'vitest';
import { DEFAULT_SANDBOX_FAULTS } from '../../src-shared/schemas/sandbox.js';
import { SandboxFaultInjector } from './faults.js';

describe('the sandbox fault injector', () => {
  it('ends a 30 s injected wait at once when the server closes, answering 503', async () => {
    const faults = new SandboxFaultInjector();
    faults.set({ ...DEFAULT_SANDBOX_FAULTS, latency_ms: 30_000 });
    const pending = faults.apply();
    faults.close();
    await expect(pending).rejects.toMatchObject({ statusCode: 503, code: 'sandbox_unavailable' });
    await expect(faults.apply()).rejects.toMatchObject({ statusCode: 503 });
  });

  it('ends the wait when the caller hangs up', async () => {
    const faults = new SandboxFaultInjector();
    faults.set({ ...DEFAULT_SANDBOX_FAULTS, latency_ms: 30_000 });
    const caller = new AbortController();
    const pending = faults.apply(caller.signal);
    caller.abort();
    await expect(pending).rejects.toMatchObject({ statusCode: 503 });
  });

  it('delays only the share of calls the latency rate picks, and fails the share the error rate picks', async () => {
    const draws = [0.2, 0.9, 0.2, 0.3];
    const faults = new SandboxFaultInjector(() => draws.shift() ?? 1);
    faults.set({ ...DEFAULT_SANDBOX_FAULTS, latency_ms: 30_000, latency_rate: 0.1, error_rate: 0.5 });
    // 0.2 ≥ 0.1: no wait; 0.9 ≥ 0.5: no outage.
    await expect(faults.apply()).resolves.toBeUndefined();
    // 0.2 ≥ 0.1: no wait; 0.3 < 0.5: outage.
    await expect(faults.apply()).rejects.toMatchObject({ statusCode: 503, code: 'sandbox_unavailable' });
  });

  it('applies a new rate limit to the buckets, and keeps them when only latency changes', () => {
    const faults = new SandboxFaultInjector();
    faults.set({ ...DEFAULT_SANDBOX_FAULTS, rate_limit: { per_second: 0.01, burst: 1 } });
    expect(faults.limiter.take('k').allowed).toBe(true);
    faults.set({ ...DEFAULT_SANDBOX_FAULTS, latency_ms: 5, rate_limit: { per_second: 0.01, burst: 1 } });
    expect(faults.limiter.take('k').allowed).toBe(false);
  });
});
