import {
  CreatePaymentIntentBodySchema,
  SANDBOX_CURRENCIES,
  type CreatePaymentIntentBody,
} from '../../src-shared/schemas/sandbox.js';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import { findSandboxKey, type SandboxKeyRow } from './keys-repo.js';

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Bearer realm="molam-sandbox"' };

const unauthorized = (code: 'invalid_api_key' | 'api_key_expired', message: string) =>
  new HttpError(401, code, message, { headers: UNAUTHORIZED_HEADERS });

/**
 * Resolves `Authorization: Bearer <api_key>` to a sandbox key. Rotation is checked on every call
 * (no cache), so an expired key fails at once in every server process.
 */
export async function authenticateSandboxKey(db: Queryable, header: string | undefined): Promise<SandboxKeyRow> {
  if (!header) throw unauthorized('invalid_api_key', '401 Unauthorized: missing Authorization header (expected "Bearer <sandbox API key>")');
  const match = /^Bearer\s+(\S{1,200})$/i.exec(header);
  if (!match) throw unauthorized('invalid_api_key', '401 Unauthorized: Authorization header must be "Bearer <sandbox API key>"');
  const key = await findSandboxKey(db, match[1]!);
  if (!key) throw unauthorized('invalid_api_key', '401 Unauthorized: unknown API key');
  if (key.status === 'expired') {
    throw unauthorized(
      'api_key_expired',
      `401 Unauthorized: API key expired at ${key.expired_at ?? 'an earlier time'} (it was rotated); use another active API key`,
    );
  }
  return key;
}

/** Fields checked for presence first, in this order, so a caller learns the one it can supply. */
const REQUIRED_FIELDS = ['amount', 'currency'] as const;

/**
 * Parses the raw body of `POST /v1/payment_intents` into a create request, with the sandbox's
 * error codes: `missing_field`, `invalid_currency`, `unknown_field`, else `invalid_request`. Fields
 * are named bare (`currency`), as the payments API's clients expect.
 */
export function parseIntentBody(raw: Uint8Array): CreatePaymentIntentBody {
  const text = Buffer.from(raw).toString('utf8');
  let value: unknown = {};
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new HttpError(400, 'invalid_request', `body is not valid JSON: ${(error as Error).message}`, { field: 'body' });
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'invalid_request', 'body must be a JSON object', { field: 'body' });
  }
  const fields = value as Record<string, unknown>;
  for (const field of REQUIRED_FIELDS) {
    if (fields[field] === undefined || fields[field] === null) {
      throw new HttpError(400, 'missing_field', `400 Bad Request: missing required field "${field}"`, { field });
    }
  }
  const result = CreatePaymentIntentBodySchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const field = [...issue.path.map(String), issue.keys[0]!].join('.');
    throw new HttpError(400, 'unknown_field', `400 Bad Request: unknown field "${field}"`, { field });
  }
  const field = issue.path.map(String).join('.');
  if (field === 'currency') {
    const given = typeof fields.currency === 'string' ? `"${fields.currency.slice(0, 16)}"` : `of type ${typeof fields.currency}`;
    throw new HttpError(400, 'invalid_currency', `invalid_currency: currency ${given} is not supported (supported: ${SANDBOX_CURRENCIES.join(', ')})`, {
      field,
      details: { supported: [...SANDBOX_CURRENCIES], default: 'XOF' },
    });
  }
  throw new HttpError(400, 'invalid_request', `400 Bad Request: ${field || 'body'}: ${issue.message}`, { field: field || 'body' });
}
