/** Tuning of a group-commit batcher. */
export interface GroupCommitOptions {
  /** Most items written by one statement. */
  maxBatch: number;
  /** How long the first item of a batch waits for company. */
  lingerMs: number;
  /** Most batches being written at once (each holds one database connection). */
  maxConcurrent: number;
}

interface Waiter<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: callers hand in one item each and wait; items arriving within a few milliseconds
 * are written together by one statement, and every caller is released once that statement has
 * committed (or rejected if it failed). Under load, batches grow while earlier ones are in flight,
 * so throughput rises without adding latency at low load beyond `lingerMs`.
 */
export class GroupCommitBatcher<T> {
  private queue: Waiter<T>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private inFlight = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Resolves once `item` is durably written. */
  add(item: T): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the batcher is closed'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.queue.length >= this.options.maxBatch) this.drain();
      else this.timer ??= setTimeout(() => this.drain(), this.options.lingerMs);
    });
  }

  /** Writes what is queued and waits for every write in flight; later `add`s are refused. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.inFlight.size > 0) {
      this.drain();
      await Promise.allSettled([...this.inFlight]);
    }
  }

  private drain(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0 && this.inFlight.size < this.options.maxConcurrent) {
      const batch = this.queue.splice(0, this.options.maxBatch);
      const items = batch.map((w) => w.item);
      const flight: Promise<void> = Promise.resolve()
        .then(() => this.write(items))
        .then(
        () => batch.forEach((w) => w.resolve()),
        (error: unknown) => batch.forEach((w) => w.reject(error)),
      );
      this.inFlight.add(flight);
      // What queued while every slot was busy has waited long enough: write it as soon as a slot frees.
      void flight.finally(() => {
        this.inFlight.delete(flight);
        if (this.queue.length > 0) this.drain();
      });
    }
  }
}
