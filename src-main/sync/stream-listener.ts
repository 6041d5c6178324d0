import { z } from 'zod';
import type { BackendClient } from '../backend/backend-client.js';
import { backoffDelay, sleep, type BackoffPolicy } from '../backend/retry.js';
import { describeError, type LogFn } from '../util/log.js';

const NudgeSchema = z.object({ cursor: z.number().int() });

export interface StreamListenerOptions {
  client: BackendClient;
  reconnect: BackoffPolicy;
  idleMs: number;
  log: LogFn;
  /** The stream said hello with the server's current cursor. */
  onConnected: (serverCursor: number) => void;
  /** The feed moved to `serverCursor`. */
  onNudge: (serverCursor: number) => void;
  onDisconnected: () => void;
}

/**
 * Holds the SSE connection open: reconnects with backoff, treats a connection silent past the
 * idle limit as dead, and turns `hello` / `changes` events into callbacks. Only nudges: the feed
 * stays the truth.
 */
export class StreamListener {
  connected = false;
  /** Consecutive failed connection attempts. */
  failures = 0;
  /** Why the last connection attempt failed, and since when the attempts fail (null once connected). */
  failure: { error: unknown; since: string } | null = null;
  private loop: Promise<void> | undefined;

  constructor(private readonly options: StreamListenerOptions) {}

  start(signal: AbortSignal): void {
    this.loop ??= this.run(signal);
  }

  async stopped(): Promise<void> {
    await this.loop;
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const connection = new AbortController();
      const abortConnection = () => connection.abort();
      signal.addEventListener('abort', abortConnection, { once: true });
      let idle: NodeJS.Timeout | undefined;
      const touch = () => {
        if (idle) clearTimeout(idle);
        idle = setTimeout(() => connection.abort(new Error('the event stream went silent')), this.options.idleMs);
        idle.unref?.();
      };
      try {
        touch();
        const events = await this.options.client.openEventStream(connection.signal, touch);
        for await (const event of events) {
          if (event.event !== 'hello' && event.event !== 'changes') continue;
          const nudge = NudgeSchema.safeParse(safeJson(event.data));
          if (!nudge.success) continue;
          if (event.event === 'hello') {
            this.connected = true;
            this.failures = 0;
            this.failure = null;
            this.options.onConnected(nudge.data.cursor);
          } else {
            this.options.onNudge(nudge.data.cursor);
          }
        }
      } catch (error) {
        if (!signal.aborted && this.failures === 0) this.options.log(`event stream closed: ${describeError(error)}`);
        if (!signal.aborted) this.failure = { error, since: this.failure?.since ?? new Date().toISOString() };
      } finally {
        if (idle) clearTimeout(idle);
        signal.removeEventListener('abort', abortConnection);
      }
      const wasConnected = this.connected;
      this.connected = false;
      if (signal.aborted) break;
      this.failures++;
      if (wasConnected) this.options.onDisconnected();
      try {
        await sleep(backoffDelay(this.options.reconnect, this.failures - 1), signal);
      } catch {
        break;
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
