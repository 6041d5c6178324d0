import type { CreatePatchBody } from '../../src-shared/schemas/sdk.js';
import type { Random } from './random.js';
import { DEMO_DEVELOPER_ID } from './tokens.js';

/** How a demo patch's history unfolds after version 1 (the review decisions of later versions). */
export interface DemoPatchPlan {
  key: SdkFailureKey;
  body: CreatePatchBody;
  /** Later versions: their content changes and their fate. */
  later?: Array<{ changes: Partial<CreatePatchBody>; fate: 'active' | 'pending_review' | 'rejected'; reason?: string }>;
  /** Deactivated after its activation (a patch an admin switched off). */
  deactivated?: boolean;
  /** Share of its applications that did not fix the call (and rolled back). */
  failureRate: number;
}

export type SdkFailureKey = 'expired_key' | 'timeout' | 'invalid_currency' | 'clock_skew' | 'rate_limited' | 'missing_field' | 'backup_api';

/** A failure an SDK meets, as it describes it to `POST /api/dev/self-heal`. */
export interface SdkFailure {
  key: SdkFailureKey | 'unpatched';
  error: string;
  status?: number;
  error_code?: string;
}

/**
 * The six corrections of the SDK runbook as declarative patches (plus the runbook's Python
 * backup-API example, later switched off). They match the sandbox's error codes.
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
    },
    later: [{ changes: { actions: [{ type: 'use_fallback_credential', credential_ref: 'secondary_api_key' }] }, fate: 'active' }],
    failureRate: 0.04,
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
    },
    later: [
      {
        changes: { actions: [{ type: 'increase_timeout', factor: 3, max_ms: 90_000 }], description: 'Request timed out: triple the timeout, up to 90 s' },
        fate: 'pending_review',
      },
    ],
    failureRate: 0.16,
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
        changes: { actions: [{ type: 'set_currency', to: 'GHS' }] },
        fate: 'rejected',
        reason: 'GHS is only right for Ghanaian merchants; keep XOF as the default and scope a GHS patch by merchant.',
      },
    ],
    failureRate: 0.05,
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
    failureRate: 0.08,
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
  },
];

/** Each patch's failures as an SDK reports them, plus some no patch answers. */
export function sdkFailure(rng: Random, key: SdkFailure['key']): SdkFailure {
  switch (key) {
    case 'expired_key':
      return { key, error: '401 Unauthorized: API key mk_test_…a41f has expired', status: 401, error_code: 'api_key_expired' };
    case 'timeout':
      return { key, error: `Request to POST /v1/payment_intents timed out after ${rng.pick([5000, 10000, 15000])} ms` };
    case 'invalid_currency':
      return { key, error: `currency "${rng.pick(['CFA', 'FCFA', 'XOFF'])}" is not supported`, status: 400, error_code: 'invalid_currency' };
    case 'clock_skew':
      return {
        key,
        error: `signature timestamp is ${rng.int(301, 900)} s from the server time (tolerance ±300 s); re-sign with the server time`,
        status: 401,
        error_code: 'signature_timestamp_out_of_range',
      };
    case 'rate_limited':
      return { key, error: '429 Too Many Requests: rate limit exceeded for this API key', status: 429, error_code: 'rate_limited' };
    case 'missing_field':
      return { key, error: 'currency is required', status: 400, error_code: 'missing_field' };
    case 'backup_api':
      return { key, error: 'ConnectionError: HTTPSConnectionPool(host=api.molam.com, port=443): Max retries exceeded' };
    case 'unpatched':
      return rng.pick<SdkFailure>([
        { key, error: 'socket hang up (ECONNRESET)' },
        { key, error: '502 Bad Gateway', status: 502 },
        { key, error: 'amount must be a positive integer', status: 400, error_code: 'invalid_request' },
        { key, error: 'unexpected field "amount_cents"', status: 400, error_code: 'unknown_field' },
      ]);
  }
}

/** The developers behind the demo SDK traffic (the demo developer first). */
export const DEMO_DEVELOPERS = [
  DEMO_DEVELOPER_ID, 'dev-awa-diop', 'dev-kofi-mensah', 'dev-fatou-ndiaye', 'dev-yao-kouassi', 'dev-mariam-traore',
  'dev-cheikh-fall', 'dev-adjoa-asante', 'dev-seydou-kone', 'dev-ndeye-sow', 'dev-ibrahima-camara', 'dev-aminata-toure',
];
export const SDK_VERSIONS: Record<string, readonly string[]> = {
  node: ['2.1.4', '2.2.0', '2.3.1', '2.3.1', '2.4.0'],
  python: ['1.8.2', '1.9.0'],
};

/**
 * The fixed sandbox keys of the demo developer (public demo credentials, like the demo tokens):
 * the primary key, and a fallback key the expired-key patch switches to.
 */
export const DEMO_SANDBOX_KEYS = [
  { api_key: 'mk_test_demo_primary_key', secret_key: 'sk_test_demo_primary_secret' },
  { api_key: 'mk_test_demo_fallback_key', secret_key: 'sk_test_demo_fallback_secret' },
] as const;
