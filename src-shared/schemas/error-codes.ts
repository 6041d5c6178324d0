import { APPLY_CONFLICT_CODES, ROLLBACK_CONFLICT_CODES } from './autoheal.js';
import { SANDBOX_ERROR_STATUS, type SandboxErrorCode } from './sandbox.js';

/**
 * Every `error.code` the backend answers with (`{"error": {"code", "message", …}}`, ApiErrorSchema).
 * They are a contract: clients branch on them and the console words each one in its catalogs
 * (`tests/api-error-codes.test.ts` finds every code in the server's sources and checks both), so a
 * code is never renamed. The message beside a code is the detail, in English, for logs and people.
 */
const CODES = [
  // Requests the server could not read or does not accept.
  'invalid_request',
  'missing_field',
  'unknown_field',
  'payload_too_large',
  'headers_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'route_not_found',
  'not_found',
  // Who is asking.
  'unauthenticated',
  'forbidden',
  // Rows that moved on, and decisions the state machine refuses.
  'stale_version',
  'invalid_transition',
  'already_approved',
  'already_acknowledged',
  'already_resumed',
  'command_not_leased',
  'idempotency_key_reused',
  'cannot_revoke_own_token',
  'patch_deactivated',
  'not_deactivated',
  'rollout_not_found',
  'rollout_conflict',
  ...APPLY_CONFLICT_CODES,
  ...ROLLBACK_CONFLICT_CODES,
  // The payment sandbox's own answers (SANDBOX_ERROR_STATUS).
  ...(Object.keys(SANDBOX_ERROR_STATUS) as SandboxErrorCode[]),
  // Come back later.
  'rate_limited',
  'overloaded',
  'unavailable',
  'database_unavailable',
  'database_busy',
  // A defect on the server (logged there).
  'internal',
] as const;

/** A code the backend answers with. */
export type ApiErrorCode = (typeof CODES)[number];

/** Each code once (the sandbox shares some with the rest of the API). */
export const API_ERROR_CODES: readonly ApiErrorCode[] = [...new Set(CODES)];

const KNOWN: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** Whether a code read off the wire is one this contract lists (a newer backend may send others). */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && KNOWN.has(code);
}
