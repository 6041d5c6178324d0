import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { WhoAmISchema, type WhoAmI } from '../../src-shared/schemas/admin.js';
import type { TransitionResponseSchema } from '../../src-shared/schemas/autoheal.js';
import { ApiErrorSchema, JsonObjectInPlaceSchema } from '../../src-shared/schemas/common.js';
import { PatchPreviewSchema, type PatchPreview } from '../../src-shared/schemas/preview.js';
import { PatchFieldStatsResponseSchema, RunbookSchema, type PatchFieldStatsResponse, type Runbook } from '../../src-shared/schemas/sdk-field.js';
import { ChangeSchema, ChangesResponseSchema, type ChangesResponse } from '../../src-shared/schemas/sync.js';
import { Emitter } from '../util/emitter.js';
import { describeError } from '../util/log.js';
import { bodyText } from './body-text.js';
import { BackendHttpError, BackendResponseError, BackendUnreachableError, TRANSIENT_STATUSES } from './backend-errors.js';
import { parseEventStream, type ServerSentEvent } from './event-stream.js';
import { backoffDelay, parseRetryAfter, sleep, type BackoffPolicy } from './retry.js';

export interface BackendClientOptions {
  baseUrl: string;
  /** The Bearer token; kept in this object only (never logged, never part of an error). */
  token: string | undefined;
  /** Per attempt, headers and body included (default 15 s). */
  timeoutMs?: number;
  /** Attempts per request, the first included (default 3). */
  attempts?: number;
  backoff?: BackoffPolicy;
  /** A Retry-After longer than this is not waited out inside a request: the error goes to the caller. */
  maxRetryAfterMs?: number;
  random?: () => number;
  fetch?: typeof fetch;
}

export interface RequestOptions<S extends z.ZodType> {
  schema: S;
  body?: unknown;
  query?: Record<string, string | number>;
  /** Sent on mutations; one is made when none is given, and reused for every retry. */
  idempotencyKey?: string;
  /** The row version the caller decided on (If-Match). */
  ifMatch?: number;
  attempts?: number;
  signal?: AbortSignal;
}

/**
 * The change feed's page, checked field by field except each row's `data`, which is only checked
 * to be an object here (not copied: pages are large) and parsed with its entity's schema when it
 * is applied to the cache.
 */
export const FeedPageSchema = ChangesResponseSchema.extend({
  changes: z.array(ChangeSchema.extend({ data: JsonObjectInPlaceSchema })),
});

export type TransitionResponse = z.infer<typeof TransitionResponseSchema>;

/**
 * The console's HTTP client for the Molam backend: Bearer auth, a timeout per attempt, retries
 * with exponential backoff and jitter on network errors, 429 and 5xx gateway statuses (honouring
 * Retry-After), an Idempotency-Key on every mutation, and every response parsed with its
 * src-shared schema. `onDidChangeConnectivity` reports reachability as requests succeed or fail.
 */
export class BackendClient {
  private readonly connectivity = new Emitter<boolean>();
  private reachable: boolean | undefined;
  readonly onDidChangeConnectivity = this.connectivity.event;
  readonly baseUrl: string;

  constructor(private readonly options: BackendClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /** Whether the last request reached the backend (undefined before the first). */
  get online(): boolean | undefined {
    return this.reachable;
  }

  /** One page of the change feed after `since`. */
  changes(since: number, limit: number, signal?: AbortSignal): Promise<ChangesResponse> {
    return this.request('GET', '/api/v1/sync/changes', { schema: FeedPageSchema, query: { since, limit }, signal });
  }

  /** Who the token belongs to; null when the backend has no whoami route. */
  async whoami(signal?: AbortSignal): Promise<WhoAmI | null> {
    try {
      return await this.request('GET', '/api/v1/whoami', { schema: WhoAmISchema, signal });
    } catch (error) {
      if (error instanceof BackendHttpError && error.status === 404 && error.code === 'route_not_found') return null;
      throw error;
    }
  }

  /** What a log's patch will change, computed by the backend for the log's current version. */
  preview(logId: string, options: { attempts?: number; signal?: AbortSignal } = {}): Promise<PatchPreview> {
    return this.request('GET', `/api/v1/plugins/autoheal/${encodeURIComponent(logId)}/preview`, { schema: PatchPreviewSchema, ...options });
  }

  /** What every SDK patch does in the field, and the SDK errors no patch answered. */
  patchFieldStats(options: { attempts?: number; signal?: AbortSignal } = {}): Promise<PatchFieldStatsResponse> {
    return this.request('GET', '/api/dev/patches/field-stats', { schema: PatchFieldStatsResponseSchema, ...options });
  }

  /** The SDK runbook's queries as tables. */
  runbook(options: { attempts?: number; signal?: AbortSignal } = {}): Promise<Runbook> {
    return this.request('GET', '/api/dev/runbook', { schema: RunbookSchema, ...options });
  }

  /** Opens the SSE stream; iterate the events, abort `signal` to close it. */
  async openEventStream(signal: AbortSignal, onActivity?: () => void): Promise<AsyncGenerator<ServerSentEvent>> {
    const response = await this.send('GET', '/api/v1/stream', { accept: 'text/event-stream' }, undefined, signal, false);
    if (!response.ok) throw await this.toHttpError(response);
    if (!response.body) throw new BackendResponseError(response.status, 'the event stream has no body');
    return parseEventStream(response.body, onActivity);
  }

  async request<S extends z.ZodType>(method: string, path: string, options: RequestOptions<S>): Promise<z.output<S>> {
    const mutation = method !== 'GET' && method !== 'HEAD';
    const headers: Record<string, string> = { accept: 'application/json' };
    if (mutation) headers['idempotency-key'] = options.idempotencyKey ?? randomUUID();
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const query = options.query ? `?${new URLSearchParams(Object.entries(options.query).map(([k, v]): [string, string] => [k, String(v)]))}` : '';
    const attempts = Math.max(1, options.attempts ?? this.options.attempts ?? 3);
    const policy = this.options.backoff ?? { baseDelayMs: 250, maxDelayMs: 5_000 };
    for (let attempt = 0; ; attempt++) {
      let wait: number;
      try {
        const response = await this.send(method, `${path}${query}`, headers, body, options.signal, true);
        if (response.ok) return await this.parseBody(response, options.schema);
        const error = await this.toHttpError(response);
        if (!TRANSIENT_STATUSES.has(response.status) || attempt + 1 >= attempts) throw error;
        if (error.retryAfterMs !== undefined && error.retryAfterMs > (this.options.maxRetryAfterMs ?? 10_000)) throw error;
        wait = error.retryAfterMs ?? backoffDelay(policy, attempt, this.options.random);
      } catch (error) {
        if (!(error instanceof BackendUnreachableError) || attempt + 1 >= attempts || options.signal?.aborted) throw error;
        wait = backoffDelay(policy, attempt, this.options.random);
      }
      await sleep(wait, options.signal);
    }
  }

  private async send(
    method: string,
    pathAndQuery: string,
    headers: Record<string, string>,
    body: string | undefined,
    signal: AbortSignal | undefined,
    withTimeout: boolean,
  ): Promise<Response> {
    const signals = [signal, withTimeout ? AbortSignal.timeout(this.options.timeoutMs ?? 15_000) : undefined].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    const allHeaders = this.options.token ? { ...headers, authorization: `Bearer ${this.options.token}` } : headers;
    try {
      const response = await (this.options.fetch ?? fetch)(`${this.baseUrl}${pathAndQuery}`, {
        method,
        headers: allHeaders,
        body,
        signal: signals.length ? AbortSignal.any(signals) : undefined,
      });
      this.setReachable(true);
      return response;
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      this.setReachable(false);
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? cause?.message ?? describeError(error));
      throw new BackendUnreachableError(`cannot reach the backend at ${this.baseUrl} (${why})`, { cause: error });
    }
  }

  private async parseBody<S extends z.ZodType>(response: Response, schema: S): Promise<z.output<S>> {
    let bytes: ArrayBuffer;
    try {
      bytes = await response.arrayBuffer();
    } catch (error) {
      this.setReachable(false);
      throw new BackendUnreachableError(`the backend at ${this.baseUrl} stopped answering mid-response`, { cause: error });
    }
    let json: unknown;
    try {
      json = JSON.parse(bodyText(bytes));
    } catch {
      throw new BackendResponseError(response.status, `the backend answered ${response.status} with a body that is not JSON`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new BackendResponseError(
        response.status,
        `the backend's answer does not match the contract (${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'})`,
      );
    }
    return parsed.data;
  }

  private async toHttpError(response: Response): Promise<BackendHttpError> {
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    let text = '';
    try {
      text = await response.text();
    } catch {
      // the body is lost; the status still says what happened
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const parsed = ApiErrorSchema.safeParse(body);
    if (parsed.success) {
      const { code, message, details, field } = parsed.data.error;
      return new BackendHttpError(response.status, code, message, details, field, retryAfterMs);
    }
    return new BackendHttpError(response.status, `http_${response.status}`, `the backend answered ${response.status}`, undefined, undefined, retryAfterMs);
  }

  private setReachable(reachable: boolean): void {
    if (this.reachable === reachable) return;
    this.reachable = reachable;
    this.connectivity.fire(reachable);
  }
}
