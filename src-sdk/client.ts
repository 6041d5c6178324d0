import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { CallState } from '../src-shared/patch-engine/dry-run-schema.js';
import type { PatchRefusalReport } from '../src-shared/schemas/sdk-refusal.js';
import { DEFAULTS, requireCount, requirePositive, requireText, type MolamClientOptions, type MolamLogger, type PatchApplication } from './client-options.js';
import { MolamConfigError, MolamError, type FailureDetails } from './errors.js';
import { runCodePatch } from './code-sandbox.js';
import { Healer } from './healer.js';
import { PatchCache } from './patch-cache.js';
import { PatchSet, type PatchSetEvents } from './patch-set.js';
import { PatchVerifier } from './patch-verifier.js';
import { RefusalReporter } from './refusal-reports.js';
import { APPLICATION_REPORTS, REFUSAL_REPORTS, ReportQueue, withdrawnIn, type ApplicationReport } from './report-queue.js';
import { realSleep, runWithRetries } from './retry-loop.js';
import { DEFAULT_RETRY_BUDGET, isRetryable, RetryBudget } from './retry-policy.js';
import { sendAttempt, type AttemptResult, type Credential } from './transport.js';

export type { MolamClientOptions, MolamLogger, PatchApplication } from './client-options.js';

export const SDK_VERSION = '0.1.0';
/** The reference a call's own credential has in the patch engine's state. */
export const PRIMARY_CREDENTIAL = 'primary';
const HISTORY_LIMIT = 100;
const REPORT_FLUSH_DELAY_MS = 1000;
const REFRESH_TIMEOUT_MS = 10_000;

/** The events a client emits: `ready`, `stale`, `error` and `patchesChanged` (see the README). */
export type MolamClientEvents = PatchSetEvents;

/** A payment intent as the API returns it. */
export interface PaymentIntent {
  id: string;
  amount: number;
  currency: string;
  status: string;
  [field: string]: unknown;
}

export interface PaymentIntentCreate {
  amount?: number;
  currency?: string;
  description?: string;
  customer?: { email?: string; name?: string; phone?: string };
  metadata?: Record<string, string>;
  [field: string]: unknown;
}

/** The retry policy of a `retry_with_backoff` action, as the interpreter puts it in the state. */
interface PatchRetryPolicy {
  max_attempts: number;
  base_ms: number;
  max_ms: number;
}

/** The Molam payments client, with optional self-healing from signed, declarative patches. */
export class MolamClient extends EventEmitter<MolamClientEvents> {
  readonly paymentIntents: {
    create(body: PaymentIntentCreate): Promise<PaymentIntent>;
    retrieve(id: string): Promise<PaymentIntent>;
  };
  private readonly credentials = new Map<string, Credential>();
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly maxRetries: number;
  private readonly backoff: { baseMs: number; capMs: number; random: () => number };
  private readonly maxRetryAfterMs: number;
  private readonly budget: RetryBudget;
  private readonly healer: Healer | undefined;
  private readonly patchSet: PatchSet | undefined;
  private readonly reports: ReportQueue<ApplicationReport> | undefined;
  private readonly refusalQueue: ReportQueue<PatchRefusalReport> | undefined;
  private readonly logger: MolamLogger;
  private readonly clock: () => number;
  private readonly history: PatchApplication[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  private firstRefresh: Promise<void> | undefined;

  constructor(private readonly options: MolamClientOptions) {
    super();
    this.credentials.set(PRIMARY_CREDENTIAL, { apiKey: requireText(options.apiKey, 'apiKey'), secretKey: requireText(options.secretKey, 'secretKey') });
    for (const [ref, credential] of Object.entries(options.fallbackCredentials ?? {})) {
      if (ref === PRIMARY_CREDENTIAL) throw new MolamConfigError(`fallbackCredentials may not be named "${PRIMARY_CREDENTIAL}": that is the client's own key`);
      this.credentials.set(ref, {
        apiKey: requireText(credential?.apiKey, `fallbackCredentials.${ref}.apiKey`),
        secretKey: requireText(credential?.secretKey, `fallbackCredentials.${ref}.secretKey`),
      });
    }
    try {
      this.baseUrl = new URL(requireText(options.baseUrl, 'baseUrl')).toString();
    } catch (error) {
      throw error instanceof MolamConfigError ? error : new MolamConfigError(`baseUrl is not a URL: ${options.baseUrl}`);
    }
    this.timeoutMs = requirePositive(options.timeoutMs, 'timeoutMs', DEFAULTS.timeoutMs);
    this.maxRetries = requireCount(options.maxRetries, 'maxRetries', DEFAULTS.maxRetries, 10);
    this.backoff = {
      baseMs: requirePositive(options.retryBaseMs, 'retryBaseMs', DEFAULTS.retryBaseMs),
      capMs: requirePositive(options.retryMaxDelayMs, 'retryMaxDelayMs', DEFAULTS.retryMaxDelayMs),
      random: options.random ?? Math.random,
    };
    this.maxRetryAfterMs = requirePositive(options.maxRetryAfterMs, 'maxRetryAfterMs', DEFAULTS.maxRetryAfterMs);
    const budget = { ...DEFAULT_RETRY_BUDGET, ...options.retryBudget };
    for (const [name, value] of Object.entries(budget)) requireCount(value, `retryBudget.${name}`, 0, 1_000_000);
    this.budget = new RetryBudget(budget);
    this.logger = options.logger ?? console;
    this.clock = options.clock ?? Date.now;
    if (options.enableSelfHealing) {
      const sdkToken = requireText(options.sdkToken, 'sdkToken');
      // Code patches run in the WebAssembly sandbox, never in this process's JavaScript.
      const runCode = options.allowCodePatches === true ? runCodePatch : undefined;
      const verifier = new PatchVerifier(options.trustedPatchKeys ?? [], { allowCodePatches: runCode !== undefined, now: this.clock });
      if (verifier.size === 0) throw new MolamConfigError('self-healing needs trustedPatchKeys: at least one Ed25519 public key (PEM) that signs patches');
      const warn = (message: string, fields: Record<string, unknown>) => this.logger.warn(message, fields);
      const maxPending = requirePositive(options.maxPendingReports, 'maxPendingReports', DEFAULTS.maxPendingReports);
      const queueOptions = { baseUrl: this.baseUrl, sdkToken, maxPending, flushDelayMs: REPORT_FLUSH_DELAY_MS, warn };
      const cache = new PatchCache(requirePositive(options.patchCacheTtlMs, 'patchCacheTtlMs', DEFAULTS.patchCacheTtlMs), () => performance.now());
      // Versions the registry stopped serving (a halted rollout) leave the set and the cache at the next report answer.
      const onAnswer = (answer: unknown): void => {
        for (const { patch_id: patchId, version } of withdrawnIn(answer)) {
          this.patchSet?.withdraw(patchId, version);
          cache.withdraw(patchId, version);
        }
      };
      this.reports = new ReportQueue<ApplicationReport>({ ...queueOptions, endpoint: APPLICATION_REPORTS, onAnswer });
      this.refusalQueue = new ReportQueue<PatchRefusalReport>({ ...queueOptions, endpoint: REFUSAL_REPORTS });
      const refusals = new RefusalReporter(this.refusalQueue, SDK_VERSION, this.logger, this.clock);
      const refused = refusals.refused.bind(refusals);
      this.patchSet = new PatchSet({
        baseUrl: this.baseUrl,
        sdkToken,
        sdkVersion: SDK_VERSION,
        verifier,
        allowCodePatches: runCode !== undefined,
        staleAfterMs: requirePositive(options.staleAfterMs, 'staleAfterMs', DEFAULTS.staleAfterMs),
        requestTimeoutMs: REFRESH_TIMEOUT_MS,
        now: this.clock,
        emit: (event, ...args) => this.notify(event, ...args),
        refused,
      });
      this.healer = new Healer({
        baseUrl: this.baseUrl,
        sdkToken,
        sdkVersion: SDK_VERSION,
        patchSet: this.patchSet,
        cache,
        verifier,
        budgetMs: requirePositive(options.healBudgetMs, 'healBudgetMs', DEFAULTS.healBudgetMs),
        now: this.clock,
        runCode,
        codeTimeoutMs: DEFAULTS.codeTimeoutMs,
        hasCredential: (ref) => this.credentials.has(ref),
        refused,
        warn,
        sleep: realSleep,
      });
      const interval = requirePositive(options.patchRefreshIntervalMs, 'patchRefreshIntervalMs', DEFAULTS.patchRefreshIntervalMs);
      this.firstRefresh = this.patchSet.refresh();
      this.refreshTimer = setInterval(() => void this.patchSet?.refresh(), interval).unref();
    }
    this.paymentIntents = {
      create: (body) => {
        if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new TypeError('paymentIntents.create needs an object body');
        return this.call('POST', '/v1/payment_intents', body) as Promise<PaymentIntent>;
      },
      retrieve: (id) => {
        requireText(id, 'payment intent id');
        return this.call('GET', `/v1/payment_intents/${encodeURIComponent(id)}`, {}) as Promise<PaymentIntent>;
      },
    };
  }

  /** The patches this client applied, oldest first (the last 100). */
  getPatchHistory(): PatchApplication[] {
    return this.history.map((entry) => ({ ...entry }));
  }

  /** Application reports waiting to be sent, and how many were dropped because the queue was full or refused them. */
  getReportQueueStats(): { pending: number; dropped: number } {
    return { pending: this.reports?.size ?? 0, dropped: this.reports?.dropped ?? 0 };
  }

  /** Tokens left in the client's retry budget (a retry takes 5, a retry after a timeout 10). */
  getRetryBudget(): { available: number } {
    return { available: this.budget.available };
  }

  /** Resolves once the first refresh of the active patch set has ended (well or not). */
  async whenReady(): Promise<void> {
    await this.firstRefresh;
  }

  /** Refreshes the active patch set now (it is otherwise refreshed every `patchRefreshIntervalMs`). */
  async refreshPatches(): Promise<void> {
    await this.patchSet?.refresh();
  }

  /** Sends the pending application and refusal reports now (they are otherwise sent in the background). */
  async flushReports(): Promise<void> {
    await Promise.all([this.reports?.flush(), this.refusalQueue?.flush()]);
  }

  /** Stops background work and sends the pending reports once. */
  async close(): Promise<void> {
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
    await Promise.all([this.reports?.close(), this.refusalQueue?.close()]);
  }

  /** Emits without ever throwing into the caller: an `error` nobody listens to is logged, a listener that throws is logged. */
  private notify<E extends keyof MolamClientEvents>(event: E, ...args: MolamClientEvents[E]): void {
    if (event === 'error' && this.listenerCount('error') === 0) {
      this.logger.warn('Molam SDK could not refresh its patch set; the last good set is kept', { error: (args[0] as Error).message });
      return;
    }
    try {
      (this.emit as (event: E, ...rest: MolamClientEvents[E]) => boolean)(event, ...args);
    } catch (listenerError) {
      this.logger.warn(`Molam SDK "${event}" listener threw; ignored`, { error: (listenerError as Error).message });
    }
  }

  /**
   * One logical call: its Idempotency-Key is minted here and sent on every attempt, so a retry,
   * plain or healed, is the same operation for the API. Transient failures get plain retries first;
   * the failure they end on gets one healing chain.
   */
  private async call(method: 'GET' | 'POST', path: string, body: Record<string, unknown>): Promise<unknown> {
    const headers: Record<string, string> = method === 'POST' ? { 'idempotency-key': `molam-sdk-${randomUUID()}` } : {};
    const state: CallState = { request: { method, path, headers, body }, options: { timeout_ms: this.timeoutMs }, credential: PRIMARY_CREDENTIAL };
    const first = await this.withRetries(state, this.maxRetries, this.backoff, isRetryable);
    if (first.ok) return first.body;
    const error = new MolamError(first.failure);
    if (!this.healer) throw error;
    const started = performance.now();
    const outcome = await this.healer.heal(state, first.failure, (healed) => this.healedAttempts(healed, first.failure));
    if (outcome.attempt) this.record(outcome.attempt, first.failure, { method, path: state.request.path, duration_ms: Math.round(performance.now() - started) });
    if (outcome.healed) return outcome.result.body;
    error.heal = outcome.attempt;
    throw error;
  }

  /** The healed retry: one attempt, or the patch's own retry policy (it may retry the failure it matched). */
  private healedAttempts(healed: CallState, matched: FailureDetails): Promise<AttemptResult> {
    const policy = healed.options.retry as PatchRetryPolicy | undefined;
    if (typeof policy !== 'object' || policy === null || typeof policy.max_attempts !== 'number') return this.attempt(healed);
    const sameFailure = (failure: FailureDetails) => isRetryable(failure) || (failure.status === matched.status && failure.code === matched.code);
    const backoff = { baseMs: policy.base_ms, capMs: policy.max_ms, random: this.backoff.random };
    // max_attempts counts the call's first attempt: the healed run makes the rest.
    return this.withRetries(healed, Math.max(0, policy.max_attempts - 2), backoff, sameFailure);
  }

  private async withRetries(state: CallState, maxRetries: number, backoff: MolamClient['backoff'], shouldRetry: (failure: FailureDetails) => boolean): Promise<AttemptResult> {
    const run = await runWithRetries(() => this.attempt(state), {
      maxRetries,
      backoff,
      maxRetryAfterMs: this.maxRetryAfterMs,
      budget: this.budget,
      shouldRetry,
      sleep: realSleep,
    });
    if (run.stoppedBy === 'budget_empty') this.logger.warn('Molam SDK retry budget is empty: not retrying', { path: state.request.path, attempts: run.attempts });
    return run.result;
  }

  private attempt(state: CallState) {
    const credential = this.credentials.get(state.credential);
    if (!credential) throw new MolamConfigError(`credential "${state.credential}" is not configured`);
    return sendAttempt(this.baseUrl, state, credential, this.clock());
  }

  private record(
    attempt: { patch_id: string; version: number; success: boolean; rollback_triggered: boolean },
    failure: FailureDetails,
    call: { method: string; path: string; duration_ms: number },
  ): void {
    const application: PatchApplication = {
      patch_id: attempt.patch_id,
      version: attempt.version,
      error: failure.status === undefined ? failure.code : `${failure.status} ${failure.code}`,
      success: attempt.success,
      rollback_triggered: attempt.rollback_triggered,
      applied_at: new Date().toISOString(),
    };
    this.history.push(application);
    this.reports?.enqueue({
      report_id: `molam-sdk-${randomUUID()}`,
      patch_id: application.patch_id,
      patch_version: application.version,
      sdk_language: 'node',
      sdk_version: SDK_VERSION,
      error_encountered: new MolamError(failure).message,
      // The request's method and path only: never its body, headers or credentials.
      context: { method: call.method, path: call.path.replace(/\/pi_[A-Za-z0-9]+$/, '/:id'), error_code: failure.code },
      success: application.success,
      rollback_triggered: application.rollback_triggered,
      duration_ms: call.duration_ms,
      applied_at: application.applied_at,
    });
    if (this.history.length > HISTORY_LIMIT) this.history.shift();
    const fields = { patch_id: application.patch_id, version: application.version, error: application.error, success: application.success };
    if (application.success) this.logger.info(`Molam SDK applied self-healing patch ${application.patch_id} v${application.version} for ${application.error}`, fields);
    else this.logger.warn(`Molam SDK rolled back self-healing patch ${application.patch_id} v${application.version}: the retry failed`, fields);
    try {
      this.options.onPatchApplied?.(application);
    } catch (callbackError) {
      this.logger.warn('Molam SDK onPatchApplied threw; ignored', { error: (callbackError as Error).message });
    }
  }
}
