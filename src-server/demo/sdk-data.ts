import type { CreatePatchBody } from '../../src-shared/schemas/sdk.js';
import type { SdkFailureKey } from './sdk-failures.js';

/** Applications of the last day on top of the month's spread, so the 24-hour and 1-hour figures mean something. */
export interface RecentTraffic {
  /** Applications 1-24 hours old, `failedDay` of them failed and rolled back. */
  day: number;
  failedDay: number;
  /** Applications of the last hour, `failedHour` of them failed and rolled back. */
  hour: number;
  failedHour: number;
}

/** A demo patch and how its history unfolds: the review of version 1, later versions and their fate. */
export interface DemoPatchPlan {
  key: SdkFailureKey;
  /** Version 1 as authored (with its change note). */
  body: CreatePatchBody;
  /** What became of version 1: approved unless it says otherwise, with the reviewer's comment if any. */
  first?: { fate: 'active'; comment?: string } | { fate: 'pending_review' } | { fate: 'rejected'; reason: string };
  /** Later versions: their content changes (change note included) and their fate. */
  later?: Array<{ changes: Partial<CreatePatchBody>; fate: 'active' | 'pending_review' | 'rejected'; reason?: string; comment?: string }>;
  /** Deactivated after its activation (a patch an admin switched off). */
  deactivated?: boolean;
  /** Share of its applications that did not fix the call (and rolled back). */
  failureRate: number;
  /** How often its failure comes up in the SDK traffic, relative to the other failures. */
  usage: number;
  recent?: RecentTraffic;
}

/**
 * The six corrections of the SDK runbook as declarative patches, the runbook's Python backup-API
 * example (later switched off), a Node patch whose fallback key was rotated too (it always rolls
 * back), and patches of the other SDKs: one whose rollbacks cross the
 * runbook's 20 % alert, one failing more than half the time this hour, one rejected in review
 * (retired), a new one and a new version waiting for review. They match the sandbox's error codes.
 */
export const DEMO_PATCHES: readonly DemoPatchPlan[] = [
  {
    key: 'expired_key',
    body: {
      sdk_language: 'node',
      error_signature: '401 Unauthorized',
      description: 'Expired API key: switch to the fallback credential configured in the SDK',
      severity: 'high',
      match: { status: 401, error_code: 'api_key_expired' },
      actions: [{ type: 'use_fallback_credential', credential_ref: 'fallback_api_key' }],
      change_note: 'Runbook correction: 401 on an expired key falls back to the configured credential',
    },
    first: { fate: 'active', comment: 'Credential is referenced by name only; fine.' },
    later: [
      {
        changes: {
          actions: [{ type: 'use_fallback_credential', credential_ref: 'secondary_api_key' }],
          change_note: 'The fallback key was rotated; SDKs now configure it as secondary_api_key',
        },
        fate: 'active',
      },
    ],
    failureRate: 0.04,
    usage: 14,
    recent: { day: 12, failedDay: 0, hour: 2, failedHour: 0 },
  },
  {
    key: 'timeout',
    body: {
      sdk_language: 'node',
      error_signature: 'Timeout',
      description: 'Request timed out: double the timeout, up to 60 s',
      severity: 'medium',
      match: { message_pattern: 'ETIMEDOUT|timed out' },
      actions: [{ type: 'increase_timeout', factor: 2, max_ms: 60_000 }],
      change_note: 'Runbook correction: a timed-out call is retried with twice the timeout',
    },
    later: [
      {
        changes: {
          actions: [{ type: 'increase_timeout', factor: 3, max_ms: 90_000 }],
          description: 'Request timed out: triple the timeout, up to 90 s',
          change_note: 'Payouts to some banks take up to 80 s; doubling is not enough for them',
        },
        fate: 'pending_review',
      },
    ],
    failureRate: 0.16,
    usage: 18,
    recent: { day: 9, failedDay: 1, hour: 1, failedHour: 0 },
  },
  {
    key: 'invalid_currency',
    body: {
      sdk_language: 'node',
      error_signature: 'invalid_currency',
      description: 'Unsupported currency: fall back to XOF',
      severity: 'medium',
      match: { status: 400, error_code: 'invalid_currency' },
      actions: [{ type: 'set_currency', to: 'XOF' }],
    },
    later: [
      {
        changes: { actions: [{ type: 'set_currency', to: 'GHS' }], change_note: 'Ghanaian merchants want GHS' },
        fate: 'rejected',
        reason: 'GHS is only right for Ghanaian merchants; keep XOF as the default and scope a GHS patch by merchant.',
      },
    ],
    failureRate: 0.05,
    usage: 12,
  },
  {
    key: 'clock_skew',
    body: {
      sdk_language: 'node',
      error_signature: 'HMAC signature',
      description: 'Signature timestamp out of range (clock skew): re-sign the request with the server time',
      severity: 'high',
      match: { status: 401, error_code: 'signature_timestamp_out_of_range' },
      actions: [{ type: 'resign_request', clock_skew_tolerance_s: 300 }],
    },
    failureRate: 0.03,
    usage: 10,
  },
  {
    key: 'rate_limited',
    body: {
      sdk_language: 'node',
      error_signature: '429 Rate Limit',
      description: 'Rate limited: wait for Retry-After, then retry with exponential backoff',
      severity: 'medium',
      match: { status: 429, error_code: 'rate_limited' },
      actions: [
        { type: 'respect_retry_after', max_wait_ms: 30_000 },
        { type: 'retry_with_backoff', max_attempts: 4, base_ms: 250, max_ms: 8_000 },
      ],
    },
    first: { fate: 'active', comment: 'Backoff capped at 8 s, under the checkout timeout.' },
    failureRate: 0.08,
    usage: 26,
    recent: { day: 24, failedDay: 2, hour: 3, failedHour: 0 },
  },
  {
    key: 'missing_field',
    body: {
      sdk_language: 'node',
      error_signature: '400 Bad Request',
      description: 'Missing currency: default the field to XOF',
      severity: 'low',
      match: { status: 400, error_code: 'missing_field', message_pattern: 'currency' },
      actions: [{ type: 'default_field', field: 'currency', value: 'XOF' }],
    },
    failureRate: 0.02,
    usage: 8,
  },
  {
    key: 'unknown_key',
    body: {
      sdk_language: 'node',
      error_signature: '401 invalid_api_key',
      description: 'Unknown API key: switch to the legacy key configured in the SDK',
      severity: 'high',
      match: { status: 401, error_code: 'invalid_api_key' },
      actions: [{ type: 'use_fallback_credential', credential_ref: 'legacy_api_key' }],
      change_note: 'Apps set up from the old dashboard carry a decommissioned key; they also configure their legacy key',
    },
    first: { fate: 'active', comment: 'Credential referenced by name only.' },
    // Bad on purpose: the legacy keys were rotated too, so the retry fails and the patch rolls back.
    // No seeded traffic: its figures, the runbook's rollback alert and its rollout halting all come
    // from the demo SDK's live calls (sdk-traffic.ts; its rollout is seeded rolling in seed-rollouts.ts).
    failureRate: 1,
    usage: 0,
  },
  {
    key: 'backup_api',
    body: {
      sdk_language: 'python',
      error_signature: 'ConnectionError',
      description: 'Fallback to the backup API for Python',
      severity: 'high',
      actions: [{ type: 'set_option', key: 'base_url', value: 'https://api-backup.molam.com' }],
    },
    deactivated: true,
    failureRate: 0.3,
    usage: 3,
  },
  {
    key: 'py_rate_limited',
    body: {
      sdk_language: 'python',
      error_signature: 'RateLimitError',
      description: 'Python SDK rate limited: honour Retry-After, then back off',
      severity: 'medium',
      match: { status: 429, error_code: 'rate_limited' },
      actions: [
        { type: 'respect_retry_after', max_wait_ms: 20_000 },
        { type: 'retry_with_backoff', max_attempts: 3, base_ms: 500, max_ms: 6_000 },
      ],
      change_note: 'Same correction as the Node SDK, with the Python SDK’s shorter default timeout in mind',
    },
    failureRate: 0.05,
    usage: 9,
    recent: { day: 14, failedDay: 1, hour: 2, failedHour: 0 },
  },
  {
    key: 'php_timeout',
    body: {
      sdk_language: 'php',
      error_signature: 'cURL error 28',
      description: 'PHP cURL timeout: raise the timeout by half again, up to 45 s',
      severity: 'medium',
      match: { message_pattern: 'cURL error 28' },
      actions: [{ type: 'increase_timeout', factor: 1.5, max_ms: 45_000 }],
      change_note: 'WooCommerce shops on shared hosting time out at 10 s',
    },
    // Many calls time out again after the longer timeout: the runbook's rollback alert (above 20 %).
    failureRate: 0.32,
    usage: 7,
    recent: { day: 18, failedDay: 6, hour: 2, failedHour: 0 },
  },
  {
    key: 'go_signature',
    body: {
      sdk_language: 'go',
      error_signature: '401 signature_timestamp_out_of_range',
      description: 'Go SDK: re-sign a request whose timestamp is stale',
      severity: 'high',
      match: { status: 401, error_code: 'signature_timestamp_out_of_range' },
      actions: [{ type: 'resign_request', clock_skew_tolerance_s: 120 }],
      change_note: 'Go services behind a NAT with a drifting clock',
    },
    // Re-signing does not help when the clock drifts further: more than half fail (the runbook's failure alert).
    failureRate: 0.65,
    usage: 5,
    recent: { day: 2, failedDay: 1, hour: 7, failedHour: 5 },
  },
  {
    key: 'ruby_server_error',
    body: {
      sdk_language: 'ruby',
      error_signature: '500 Internal Server Error',
      description: 'Ruby SDK: retry a call that failed with a server error',
      severity: 'medium',
      match: { status: 500 },
      actions: [{ type: 'retry_with_backoff', max_attempts: 3, base_ms: 1_000, max_ms: 5_000 }],
      change_note: 'Server errors during the last incident were transient',
    },
    first: { fate: 'rejected', reason: 'Retrying a POST that may have been processed risks a double charge; retry only idempotent calls.' },
    failureRate: 0.1,
    usage: 3,
  },
  {
    key: 'connection_reset',
    body: {
      sdk_language: 'node',
      error_signature: 'ECONNRESET',
      description: 'Connection reset: retry the call up to three times',
      severity: 'medium',
      match: { message_pattern: 'ECONNRESET' },
      actions: [{ type: 'retry_with_backoff', max_attempts: 3, base_ms: 200, max_ms: 2_000 }],
      change_note: 'ECONNRESET is among the most frequent errors without a patch this week',
    },
    first: { fate: 'pending_review' },
    failureRate: 0.1,
    usage: 4,
  },
];

/** How often an error no patch covers comes up in the SDK traffic, relative to the patches' `usage`. */
export const UNPATCHED_USAGE = 16;

/** The weight of each failure in the SDK traffic (the seeded month and the simulator alike). */
export function failureWeights(): Record<SdkFailureKey | 'unpatched', number> {
  return Object.fromEntries([...DEMO_PATCHES.map((plan) => [plan.key, plan.usage]), ['unpatched', UNPATCHED_USAGE]]) as Record<
    SdkFailureKey | 'unpatched',
    number
  >;
}

/**
 * The fixed sandbox keys of the demo developer (public demo credentials, like the demo tokens):
 * the primary key, and a fallback key the expired-key patch switches to.
 */
export const DEMO_SANDBOX_KEYS = [
  { api_key: 'mk_test_demo_primary_key', secret_key: 'sk_test_demo_primary_secret' },
  { api_key: 'mk_test_demo_fallback_key', secret_key: 'sk_test_demo_fallback_secret' },
] as const;
