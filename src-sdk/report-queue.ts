/** One patch application as `POST /api/dev/patch-applications` takes it. */
export interface ApplicationReport {
  report_id: string;
  patch_id: string;
  patch_version: number;
  sdk_language: 'node';
  sdk_version: string;
  error_encountered: string;
  context: Record<string, unknown>;
  success: boolean;
  rollback_triggered: boolean;
  duration_ms: number;
  applied_at: string;
}

/** What a queue sends: the endpoint, the body's list field, and what its items are called in logs. */
export interface ReportEndpoint {
  /** e.g. `/api/dev/patch-applications`. */
  path: string;
  /** The body's field holding the batch, e.g. `reports`. */
  field: string;
  /** e.g. `patch application reports`. */
  noun: string;
}

export const APPLICATION_REPORTS: ReportEndpoint = { path: '/api/dev/patch-applications', field: 'reports', noun: 'patch application reports' };
export const REFUSAL_REPORTS: ReportEndpoint = { path: '/api/dev/patch-refusals', field: 'refusals', noun: 'patch refusal reports' };

/**
 * The versions an answer of `POST /api/dev/patch-applications` withdraws (no longer served to this
 * client); none from a server that predates the field. Malformed entries are skipped.
 */
export function withdrawnIn(answer: unknown): { patch_id: string; version: number }[] {
  const withdrawn = typeof answer === 'object' && answer !== null ? (answer as { withdrawn?: unknown }).withdrawn : undefined;
  if (!Array.isArray(withdrawn)) return [];
  return withdrawn.filter(
    (entry): entry is { patch_id: string; version: number } =>
      typeof entry === 'object' && entry !== null && typeof entry.patch_id === 'string' && Number.isInteger(entry.version),
  );
}

export interface ReportQueueOptions {
  endpoint: ReportEndpoint;
  baseUrl: string;
  sdkToken: string;
  /** Reports kept while the backend is unreachable; past this the oldest is dropped (and counted). */
  maxPending: number;
  /** How long after a report the queue sends its batch. */
  flushDelayMs: number;
  warn(message: string, fields: Record<string, unknown>): void;
  /** Called with the endpoint's answer to each batch it took (parsed JSON); an answer that is not JSON is skipped. */
  onAnswer?(answer: unknown): void;
}

const BATCH_SIZE = 100;
const SEND_TIMEOUT_MS = 5_000;

/**
 * Sends reports (patch applications, patch refusals) in the background, in batches, never on the
 * merchant's call path. A failed send keeps the batch for the next flush; `report_id` makes a
 * repeated batch harmless.
 */
export class ReportQueue<T extends { report_id: string }> {
  private pending: T[] = [];
  private droppedCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;

  constructor(private readonly options: ReportQueueOptions) {}

  /** Reports dropped because the queue was full. */
  get dropped(): number {
    return this.droppedCount;
  }

  get size(): number {
    return this.pending.length;
  }

  enqueue(report: T): void {
    this.pending.push(report);
    if (this.pending.length > this.options.maxPending) {
      this.pending.shift();
      this.droppedCount += 1;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.options.flushDelayMs).unref();
  }

  /** Sends what is pending; stops at the first batch the backend does not take (kept for later). */
  flush(): Promise<void> {
    this.sending ??= this.sendAll().finally(() => {
      this.sending = undefined;
    });
    return this.sending;
  }

  /** Stops the background timer and sends what is pending once. */
  async close(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flush();
  }

  private async sendAll(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.slice(0, BATCH_SIZE);
      if (!(await this.send(batch))) return;
      // Reports dropped while sending were the oldest: remove only what is still at the front.
      const sent = new Set(batch.map((report) => report.report_id));
      this.pending = this.pending.filter((report) => !sent.has(report.report_id));
    }
  }

  /** Hands a taken batch's answer on; what the answer says never puts the batch back. */
  private async answered(response: Response): Promise<void> {
    const { onAnswer } = this.options;
    if (!onAnswer) return;
    let answer: unknown;
    try {
      answer = await response.json();
    } catch {
      return;
    }
    try {
      onAnswer(answer);
    } catch (error) {
      this.options.warn(`Molam SDK could not read the answer to its ${this.options.endpoint.noun}`, { error: (error as Error).message });
    }
  }

  private async send(reports: T[]): Promise<boolean> {
    const { path, field, noun } = this.options.endpoint;
    try {
      const response = await fetch(new URL(path, this.options.baseUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${this.options.sdkToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ [field]: reports }),
        signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
      });
      if (response.ok) {
        await this.answered(response);
        return true;
      }
      if (response.status >= 400 && response.status < 500 && response.status !== 429) {
        // Refused as it is: sending it again cannot succeed, so it is dropped rather than blocking the queue.
        this.droppedCount += reports.length;
        this.options.warn(`Molam SDK ${noun} refused; dropped`, { status: response.status, body: (await response.text()).slice(0, 300) });
        return true;
      }
      this.options.warn(`Molam SDK could not send ${noun}; kept for later`, { status: response.status, pending: this.pending.length });
    } catch (error) {
      this.options.warn(`Molam SDK could not send ${noun}; kept for later`, { error: (error as Error).message, pending: this.pending.length });
    }
    return false;
  }
}
