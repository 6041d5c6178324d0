import { MolamConfigError } from './errors.js';
import type { RetryBudgetOptions } from './retry-policy.js';
import type { Credential } from './transport.js';

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
  /** The token the registry is called with; required with self-healing. */
  sdkToken?: string;
  /** Ed25519 public keys (PEM) that sign patches; required with self-healing, pinned out of band. */
  trustedPatchKeys?: readonly string[];
  /** Credentials a patch may switch to, by reference name; never sent to the registry. */
  fallbackCredentials?: Record<string, Credential>;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** Plain retries of a transient failure (network, timeout, 429, 500/502/503/504); default 2, 0 turns them off. */
  maxRetries?: number;
  /** Full-jitter backoff: the first retry waits up to this (default 200 ms), doubling per retry. */
  retryBaseMs?: number;
  /** Longest backoff wait (default 5 s). */
  retryMaxDelayMs?: number;
  /** Longest `Retry-After` a plain retry waits for (default 20 s); a longer one ends the retries. */
  maxRetryAfterMs?: number;
  /** The client-wide retry budget (token bucket): default capacity 500, 5 per retry, 10 per retry after a timeout, 1 back per success. */
  retryBudget?: Partial<RetryBudgetOptions>;
  /** Randomness of the backoff jitter, in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Time budget of one healing chain (default 5 s). */
  healBudgetMs?: number;
  patchCacheTtlMs?: number;
  /** How often the active patch set is refreshed (default 5 min). */
  patchRefreshIntervalMs?: number;
  /** The set is `stale` when refreshing has failed for this long (default 15 min). */
  staleAfterMs?: number;
  /** Run code patches (`patch_code`) in a sandbox without filesystem, network or process access, 5 s at most. */
  allowCodePatches?: boolean;
  /** Reports kept while the registry is unreachable (default 1000; the oldest go first). */
  maxPendingReports?: number;
  logger?: MolamLogger;
  onPatchApplied?: (application: PatchApplication) => void;
  /** The clock requests are signed and patch expiries checked with (Unix milliseconds); the system clock by default. */
  clock?: () => number;
}

export const DEFAULTS = {
  timeoutMs: 30_000,
  maxRetries: 2,
  retryBaseMs: 200,
  retryMaxDelayMs: 5_000,
  maxRetryAfterMs: 20_000,
  healBudgetMs: 5_000,
  patchCacheTtlMs: 60_000,
  patchRefreshIntervalMs: 5 * 60_000,
  staleAfterMs: 15 * 60_000,
  maxPendingReports: 1000,
  codeTimeoutMs: 5_000,
} as const;

export function requireText(value: unknown, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new MolamConfigError(`${name} must be a non-empty string`);
  return value;
}

export function requirePositive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new MolamConfigError(`${name} must be a positive number of milliseconds, got ${String(value)}`);
  return value;
}

export function requireCount(value: number | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0 || value > max) throw new MolamConfigError(`${name} must be a whole number from 0 to ${max}, got ${String(value)}`);
  return value;
}
