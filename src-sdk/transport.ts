import type { CallState } from '../src-shared/patch-engine/dry-run-schema.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../src-shared/patch-engine/interpreter.js';
import type { FailureDetails } from './errors.js';
import { SIGNATURE_HEADER_NAME, signRequest } from './request-signing.js';

/** An API key pair. */
export interface Credential {
  apiKey: string;
  secretKey: string;
}

export type AttemptResult = { ok: true; status: number; body: unknown } | { ok: false; failure: FailureDetails };

/** Headers the patch engine uses to carry signing instructions; they are never sent as such. */
const INTERNAL_HEADERS = new Set([TIMESTAMP_HEADER, SIGNATURE_HEADER]);

/** Reads `Retry-After` (seconds or an HTTP date) as milliseconds. */
function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

async function failureOf(response: Response, now: number): Promise<FailureDetails> {
  const text = await response.text();
  let error: { code?: unknown; message?: unknown; field?: unknown; details?: unknown } = {};
  try {
    const parsed = JSON.parse(text) as { error?: typeof error };
    if (parsed && typeof parsed.error === 'object' && parsed.error !== null) error = parsed.error;
  } catch {
    // Not JSON (a proxy's page): the text is the message.
  }
  return {
    status: response.status,
    code: typeof error.code === 'string' ? error.code : `http_${response.status}`,
    message: typeof error.message === 'string' ? error.message : text.slice(0, 4096) || response.statusText,
    field: typeof error.field === 'string' ? error.field : undefined,
    details: typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : undefined,
    retryAfterMs: retryAfterMs(response.headers.get('retry-after'), now),
  };
}

/**
 * Sends one attempt of the call `state` describes: the credential it names, a body signed at the
 * timestamp the state carries (else `nowMs`), and the state's `timeout_ms`.
 */
export async function sendAttempt(baseUrl: string, state: CallState, credential: Credential, nowMs: number): Promise<AttemptResult> {
  const headers: Record<string, string> = { authorization: `Bearer ${credential.apiKey}` };
  let stampedAt: number | undefined;
  for (const [name, value] of Object.entries(state.request.headers)) {
    const lower = name.toLowerCase();
    if (lower === TIMESTAMP_HEADER) stampedAt = Number(value);
    if (!INTERNAL_HEADERS.has(lower)) headers[lower] = value;
  }
  let body: string | undefined;
  if (state.request.method !== 'GET' && state.request.method !== 'DELETE') {
    body = JSON.stringify(state.request.body);
    headers['content-type'] = 'application/json';
    const signedAt = stampedAt !== undefined && Number.isFinite(stampedAt) ? stampedAt : nowMs / 1000;
    headers[SIGNATURE_HEADER_NAME.toLowerCase()] = signRequest(credential.secretKey, body, signedAt);
  }
  const timeoutMs = state.options.timeout_ms;
  const signal = typeof timeoutMs === 'number' && timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined;
  let response: Response;
  try {
    response = await fetch(new URL(state.request.path, baseUrl), { method: state.request.method, headers, body, signal });
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
      return { ok: false, failure: { status: undefined, code: 'timeout', message: `Request timed out after ${String(timeoutMs)} ms` } };
    }
    return { ok: false, failure: { status: undefined, code: 'network_error', message: `Network error: ${(error as Error).message}` } };
  }
  if (!response.ok) return { ok: false, failure: await failureOf(response, nowMs) };
  try {
    return { ok: true, status: response.status, body: await response.json() };
  } catch (error) {
    if (error instanceof DOMException && error.name === 'TimeoutError') {
      return { ok: false, failure: { status: undefined, code: 'timeout', message: `Response timed out after ${String(timeoutMs)} ms` } };
    }
    return { ok: false, failure: { status: response.status, code: 'invalid_response', message: 'the API answered with a body that is not JSON' } };
  }
}
