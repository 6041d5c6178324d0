import { describeError, silentLog, type LogFn } from '../../util/log.js';

export interface ThrottledRoundOptions {
  log?: LogFn;
  /** A background round starts at most this often (default 60 s); an asked one always runs. */
  minIntervalMs?: number;
  now?: () => number;
}

/**
 * One refresh at a time, of something fetched in the background after each pull (at most once per
 * interval, never throwing) and on demand (sharing a round in flight, throwing its failure).
 */
export class ThrottledRound {
  private round: Promise<void> | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  /**
   * `run` is one round's work (fetching and caching; throws when it cannot be done); `what` names it
   * in the log line of a failed background round.
   */
  constructor(
    private readonly run: () => Promise<void>,
    private readonly what: string,
    private readonly options: ThrottledRoundOptions,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * After a pull: runs unless a round started less than the interval ago (or, `due`, whatever the
   * interval: the cache is known to be behind); never throws.
   */
  inBackground(due = false): Promise<void> {
    const now = this.options.now ?? Date.now;
    if (this.closed || this.round) return this.round ?? Promise.resolve();
    if (!due && now() - this.lastStartedAt < (this.options.minIntervalMs ?? 60_000)) return Promise.resolve();
    return this.start().catch((error: unknown) => (this.options.log ?? silentLog)(`refreshing ${this.what} failed: ${describeError(error)}`));
  }

  /** Asked by the user: runs now, or joins the round in flight; throws its failure. */
  now(): Promise<void> {
    return this.round ?? this.start();
  }

  async idle(): Promise<void> {
    while (this.round) await this.round.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private start(): Promise<void> {
    this.lastStartedAt = (this.options.now ?? Date.now)();
    const round = this.run().finally(() => {
      if (this.round === round) this.round = undefined;
    });
    this.round = round;
    return round;
  }
}
