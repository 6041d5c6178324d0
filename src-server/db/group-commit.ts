/** Limits of one group commit. */
export interface GroupCommitOptions {
  /** Most items written by one statement. */
  maxBatch: number;
  /** Most encoded bytes written by one statement (a batch always takes at least one item). */
  maxBatchBytes: number;
  /** Batches written at the same time (1 for a database that runs one query at a time). */
  maxInFlight: number;
  /** Encoded bytes allowed to wait; beyond it `submit` refuses with GroupCommitFullError (back-pressure). */
  maxQueuedBytes: number;
}

/** The queue is full: the database is not keeping up. The caller should come back shortly. */
export class GroupCommitFullError extends Error {
  constructor() {
    super('too many items are waiting to be written');
  }
}

interface Pending<I, R> {
  item: I;
  bytes: number;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit: items submitted at about the same time are written together by one `write` call,
 * and each submitter is answered when that write has committed. While `maxInFlight` writes are
 * under way, new items queue up and go out together in the next one, so the batch size follows
 * the load: one item when idle, up to `maxBatch` under pressure.
 *
 * `write` returns one result per item, in order; an `Error` in that list rejects only its item,
 * while a thrown error rejects the whole batch.
 */
export class GroupCommit<I, R> {
  private queue: Pending<I, R>[] = [];
  private queuedBytes = 0;
  private inFlight = 0;
  private scheduled = false;
  private readonly writes = new Set<Promise<void>>();

  constructor(
    private readonly write: (items: I[]) => Promise<Array<R | Error>>,
    private readonly options: GroupCommitOptions,
  ) {}

  submit(item: I, bytes: number): Promise<R> {
    if (this.queuedBytes + bytes > this.options.maxQueuedBytes && this.queue.length > 0) {
      return Promise.reject(new GroupCommitFullError());
    }
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, bytes, resolve, reject });
      this.queuedBytes += bytes;
      this.schedule();
    });
  }

  /** Resolves once every item submitted so far has been written (or has failed). */
  async drain(): Promise<void> {
    while (this.queue.length > 0 || this.writes.size > 0) {
      this.flush();
      await Promise.allSettled([...this.writes]);
    }
  }

  // Waiting one turn of the event loop lets requests parsed in the same turn share a batch.
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.options.maxInFlight) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const batch = this.take();
      this.inFlight++;
      const written = this.run(batch).finally(() => {
        this.inFlight--;
        this.writes.delete(written);
        // Whatever queued up meanwhile goes out at once, as the next group.
        this.flush();
      });
      this.writes.add(written);
    }
  }

  private take(): Pending<I, R>[] {
    let count = 0;
    let bytes = 0;
    while (count < this.queue.length && count < this.options.maxBatch) {
      const next = this.queue[count]!.bytes;
      if (count > 0 && bytes + next > this.options.maxBatchBytes) break;
      bytes += next;
      count++;
    }
    this.queuedBytes -= bytes;
    return this.queue.splice(0, count);
  }

  private async run(batch: Pending<I, R>[]): Promise<void> {
    try {
      const results = await this.write(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => {
        const result = results[index];
        if (result instanceof Error) pending.reject(result);
        else if (result === undefined) pending.reject(new Error('the batch writer returned no result for this item'));
        else pending.resolve(result);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}
