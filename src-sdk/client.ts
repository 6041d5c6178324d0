import { randomUUID } from 'node:crypto';
import type { CallState } from '../src-shared/patch-engine/dry-run-schema.js';
import { MolamConfigError, MolamError, type FailureDetails } from './errors.js';
import { Healer } from './healer.js';
import { PatchCache } from './patch-cache.js';
import { PatchVerifier } from './patch-verifier.js';
import { ReportQueue } from './report-queue.js';
import { sendAttempt, type Credential } from './transport.js';

export const SDK_VERSION = '0.1.0';
/** The reference a call's own credential has in the patch engine's state. */
export const PRIMARY_CREDENTIAL = 'primary';
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_HEAL_BUDGET_MS = 5_000;
const DEFAULT_PATCH_CACHE_TTL_MS = 60_000;
const HISTORY_LIMIT = 100;
const DEFAULT_MAX_PENDING_REPORTS = 1000;
const REPORT_FLUSH_DELAY_MS = 1000;

/** Where the client's log lines go; `console` fits. */
export interface MolamLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

/** One patch the client applied to a call. */
export interface PatchApplication {
  patch_id: string;
  version: number;
  /** The failure the patch answered (`<status> <code>`). */
  error: string;
  success: boolean;
  rollback_triggered: boolean;
  applied_at: string;
}

export interface MolamClientOptions {
  apiKey: string;
  secretKey: string;
  /** The Molam API, e.g. `https://sandbox.molam.example` (the registry is served at the same address). */
  baseUrl: string;
  enableSelfHealing?: boolean;
  /** The token `POST /api/dev/self-heal` is called with; required with self-healing. */
  sdkToken?: string;
  /** Ed25519 public keys (PEM) that sign patches; required with self-healing, pinned out of band. */
  trustedPatchKeys?: readonly string[];
  /** Credentials a patch may switch to, by reference name; never sent to the registry. */
  fallbackCredentials?: Record<string, Credential>;
  timeoutMs?: number;
  /** Time budget of one healing chain (default 5 s). */
  healBudgetMs?: number;
  patchCacheTtlMs?: number;
  /** Application reports kept while the registry is unreachable (default 1000; the oldest go first). */
  maxPendingReports?: number;
  logger?: MolamLogger;
  onPatchApplied?: (application: PatchApplication) => void;
  /** The clock requests are signed with (Unix milliseconds); the system clock by default. */
  clock?: () => number;
}

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

function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new MolamConfigError(`${name} must be a non-empty string`);
  return value;
}

function requirePositive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new MolamConfigError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}

/** The Molam payments client, with optional self-healing from signed, declarative patches. */
export class MolamClient {
  readonly paymentIntents: {
    create(body: PaymentIntentCreate): Promise<PaymentIntent>;
    retrieve(id: string): Promise<PaymentIntent>;
  };
  private readonly credentials = new Map<string, Credential>();
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly healer: Healer | undefined;
  private readonly reports: ReportQueue | undefined;
  private readonly logger: MolamLogger;
  private readonly clock: () => number;
  private readonly history: PatchApplication[] = [];

  constructor(private readonly options: MolamClientOptions) {
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
    this.timeoutMs = requirePositive(options.timeoutMs, 'timeoutMs', DEFAULT_TIMEOUT_MS);
    this.logger = options.logger ?? console;
    this.clock = options.clock ?? Date.now;
    if (options.enableSelfHealing) {
      const verifier = new PatchVerifier(options.trustedPatchKeys ?? []);
      if (verifier.size === 0) throw new MolamConfigError('self-healing needs trustedPatchKeys: at least one Ed25519 public key (PEM) that signs patches');
      this.healer = new Healer({
        baseUrl: this.baseUrl,
        sdkToken: requireText(options.sdkToken, 'sdkToken'),
        sdkVersion: SDK_VERSION,
        cache: new PatchCache(requirePositive(options.patchCacheTtlMs, 'patchCacheTtlMs', DEFAULT_PATCH_CACHE_TTL_MS), () => performance.now()),
        verifier,
        budgetMs: requirePositive(options.healBudgetMs, 'healBudgetMs', DEFAULT_HEAL_BUDGET_MS),
        now: this.clock,
        hasCredential: (ref) => this.credentials.has(ref),
        warn: (message, fields) => this.logger.warn(message, fields),
      });
      this.reports = new ReportQueue({
        baseUrl: this.baseUrl,
        sdkToken: options.sdkToken!,
        maxPending: requirePositive(options.maxPendingReports, 'maxPendingReports', DEFAULT_MAX_PENDING_REPORTS),
        flushDelayMs: REPORT_FLUSH_DELAY_MS,
        warn: (message, fields) => this.logger.warn(message, fields),
      });
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

  /** Reports waiting to be sent, and how many were dropped because the queue was full or refused them. */
  getReportQueueStats(): { pending: number; dropped: number } {
    return { pending: this.reports?.size ?? 0, dropped: this.reports?.dropped ?? 0 };
  }

  /** Sends the pending application reports now (they are otherwise sent in the background). */
  async flushReports(): Promise<void> {
    await this.reports?.flush();
  }

  /** Stops background work and sends the pending reports once. */
  async close(): Promise<void> {
    await this.reports?.close();
  }

  /**
   * One logical call: its Idempotency-Key is minted here and sent on every attempt, so a retry,
   * healed or not, is the same operation for the API.
   */
  private async call(method: 'GET' | 'POST', path: string, body: Record<string, unknown>): Promise<unknown> {
    const headers: Record<string, string> = method === 'POST' ? { 'idempotency-key': `molam-sdk-${randomUUID()}` } : {};
    const state: CallState = { request: { method, path, headers, body }, options: { timeout_ms: this.timeoutMs }, credential: PRIMARY_CREDENTIAL };
    const first = await this.attempt(state);
    if (first.ok) return first.body;
    const error = new MolamError(first.failure);
    if (!this.healer) throw error;
    const started = performance.now();
    const outcome = await this.healer.heal(state, first.failure, (healed) => this.attempt(healed));
    if (outcome.attempt) this.record(outcome.attempt, first.failure, { method, path: state.request.path, duration_ms: Math.round(performance.now() - started) });
    if (outcome.healed) return outcome.result.body;
    error.heal = outcome.attempt;
    throw error;
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
