import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_SANDBOX_FAULTS, type SandboxFaults } from '../../src-shared/schemas/sandbox.js';
import { HttpError } from '../http/errors.js';
import { TokenBucketLimiter } from './rate-limiter.js';

/**
 * The sandbox's fault switch: injected latency and outages, and the per-key rate limit. The state
 * is kept in this process's memory on purpose: it is a test and demo switch, a restart clears it,
 * and with several server processes each one has its own.
 */
export class SandboxFaultInjector {
  private state: SandboxFaults = DEFAULT_SANDBOX_FAULTS;
  private readonly closing = new AbortController();
  readonly limiter: TokenBucketLimiter;

  constructor(private readonly random: () => number = Math.random) {
    this.limiter = new TokenBucketLimiter(DEFAULT_SANDBOX_FAULTS.rate_limit);
  }

  get faults(): SandboxFaults {
    return this.state;
  }

  set(next: SandboxFaults): void {
    const limitChanged =
      next.rate_limit.per_second !== this.state.rate_limit.per_second || next.rate_limit.burst !== this.state.rate_limit.burst;
    this.state = next;
    if (limitChanged) this.limiter.configure(next.rate_limit);
  }

  /**
   * Applies the faults to one sandbox call: waits the injected latency (when this call is picked),
   * then fails it with 503 when the outage rate picks it. `clientGone` aborts the wait when the
   * caller hangs up; a server shutdown aborts every wait at once.
   */
  async apply(clientGone?: AbortSignal): Promise<void> {
    const { latency_ms: latency, latency_rate: latencyRate, error_rate: errorRate } = this.state;
    if (this.closing.signal.aborted) throw shuttingDown();
    if (latency > 0 && latencyRate > 0 && this.random() < latencyRate) {
      await this.delay(latency, clientGone);
    }
    if (errorRate > 0 && this.random() < errorRate) {
      throw new HttpError(503, 'sandbox_unavailable', 'the sandbox is unavailable (injected outage); retry later', {
        headers: { 'retry-after': '1' },
      });
    }
  }

  /** Ends every pending injected wait (server shutdown): those calls answer 503 instead of holding the close. */
  close(): void {
    this.closing.abort();
  }

  private async delay(ms: number, clientGone?: AbortSignal): Promise<void> {
    const signal = clientGone ? AbortSignal.any([this.closing.signal, clientGone]) : this.closing.signal;
    const start = performance.now();
    try {
      // Timers may fire a hair early against performance.now(); wait out the remainder so the
      // injected latency is a true lower bound.
      for (let left = ms; left > 0; left = ms - (performance.now() - start)) {
        await sleep(Math.ceil(left), undefined, { signal });
      }
    } catch (error) {
      if ((error as Error).name === 'AbortError') throw shuttingDown();
      throw error;
    }
  }
}

function shuttingDown(): HttpError {
  return new HttpError(503, 'sandbox_unavailable', 'the sandbox is shutting down or the call was abandoned', {
    headers: { 'retry-after': '1' },
  });
}
