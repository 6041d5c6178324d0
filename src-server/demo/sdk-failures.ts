import type { Random } from './random.js';
import { DEMO_DEVELOPER_ID } from './tokens.js';

/** The failures the demo SDKs meet: one per demo patch, and those no patch answers (`unpatched`). */
export type SdkFailureKey =
  | 'expired_key'
  | 'timeout'
  | 'invalid_currency'
  | 'clock_skew'
  | 'rate_limited'
  | 'missing_field'
  | 'unknown_key'
  | 'backup_api'
  | 'py_rate_limited'
  | 'php_timeout'
  | 'go_signature'
  | 'ruby_server_error'
  | 'connection_reset';

/** A failure an SDK meets, as it describes it to `POST /api/dev/self-heal`. */
export interface SdkFailure {
  key: SdkFailureKey | 'unpatched';
  language: string;
  error: string;
  status?: number;
  error_code?: string;
}

/**
 * Errors no demo patch answers: how often each comes up relative to the others, and how many times
 * the seeded week holds on top of the month's traffic. They are the "errors with no patch" to-do
 * list, a soft card decline first.
 */
export const UNPATCHED_FAILURES: ReadonlyArray<{ weight: number; week: number; failure: Omit<SdkFailure, 'key'> }> = [
  {
    weight: 8,
    week: 20,
    failure: { language: 'node', error: 'card_declined_soft: the issuer declined the payment for now; ask the customer to retry later', status: 402, error_code: 'card_declined_soft' },
  },
  { weight: 3, week: 7, failure: { language: 'python', error: '502 Bad Gateway', status: 502 } },
  { weight: 2, week: 5, failure: { language: 'php', error: 'amount must be a positive integer', status: 400, error_code: 'invalid_request' } },
  { weight: 2, week: 4, failure: { language: 'node', error: 'unexpected field "amount_cents"', status: 400, error_code: 'unknown_field' } },
  { weight: 1, week: 3, failure: { language: 'php', error: 'card_declined_soft: do not honor (soft decline)', status: 402, error_code: 'card_declined_soft' } },
];

function unpatchedFailure(rng: Random): SdkFailure {
  const weights = Object.fromEntries(UNPATCHED_FAILURES.map((entry, index) => [String(index), entry.weight]));
  return { key: 'unpatched', ...UNPATCHED_FAILURES[Number(rng.weighted(weights))]!.failure };
}

/** Each patch's failures as an SDK reports them, plus some no patch answers. */
export function sdkFailure(rng: Random, key: SdkFailureKey | 'unpatched'): SdkFailure {
  switch (key) {
    case 'expired_key':
      return { key, language: 'node', error: '401 Unauthorized: API key mk_test_…a41f has expired', status: 401, error_code: 'api_key_expired' };
    case 'timeout':
      return { key, language: 'node', error: `Request to POST /v1/payment_intents timed out after ${rng.pick([5000, 10000, 15000])} ms` };
    case 'invalid_currency':
      return { key, language: 'node', error: `currency "${rng.pick(['CFA', 'FCFA', 'XOFF'])}" is not supported`, status: 400, error_code: 'invalid_currency' };
    case 'clock_skew':
      return {
        key,
        language: 'node',
        error: `signature timestamp is ${rng.int(301, 900)} s from the server time (tolerance ±300 s); re-sign with the server time`,
        status: 401,
        error_code: 'signature_timestamp_out_of_range',
      };
    case 'rate_limited':
      return { key, language: 'node', error: '429 Too Many Requests: rate limit exceeded for this API key', status: 429, error_code: 'rate_limited' };
    case 'missing_field':
      return { key, language: 'node', error: 'currency is required', status: 400, error_code: 'missing_field' };
    case 'unknown_key':
      return { key, language: 'node', error: '401 Unauthorized: unknown API key', status: 401, error_code: 'invalid_api_key' };
    case 'backup_api':
      return { key, language: 'python', error: 'ConnectionError: HTTPSConnectionPool(host=api.molam.com, port=443): Max retries exceeded' };
    case 'py_rate_limited':
      return { key, language: 'python', error: 'molam.errors.RateLimitError: 429 rate limit exceeded', status: 429, error_code: 'rate_limited' };
    case 'php_timeout':
      return { key, language: 'php', error: `cURL error 28: Operation timed out after ${rng.pick([10000, 15000, 30000])} milliseconds` };
    case 'go_signature':
      return {
        key,
        language: 'go',
        error: 'molam: 401 signature_timestamp_out_of_range: request signed with a stale timestamp',
        status: 401,
        error_code: 'signature_timestamp_out_of_range',
      };
    case 'ruby_server_error':
      return { key, language: 'ruby', error: 'Molam::APIError: 500 Internal Server Error', status: 500, error_code: 'internal_error' };
    case 'connection_reset':
      return { key, language: 'node', error: 'socket hang up (ECONNRESET)' };
    case 'unpatched':
      return unpatchedFailure(rng);
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
  php: ['3.0.2', '3.1.0'],
  go: ['0.9.1', '1.0.0'],
  ruby: ['1.2.0'],
};
