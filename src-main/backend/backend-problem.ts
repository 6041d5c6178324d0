import type { BackendFailureKind, BackendProblem } from '../../src-shared/ipc/backend-problem.js';
import { describeError } from '../util/log.js';
import { BackendHttpError, BackendResponseError, BackendUnreachableError } from './backend-errors.js';

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']);
const REFUSED_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Node's and OpenSSL's certificate and handshake errors (a bounded list of prefixes, no pattern). */
const TLS_PREFIXES = ['CERT_', 'ERR_TLS_', 'ERR_SSL_', 'DEPTH_ZERO_', 'SELF_SIGNED_', 'UNABLE_TO_', 'EPROTO'];

/** The error code a fetch failure carries, however deep undici nested it. */
function networkCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if ((current as Error).name === 'TimeoutError') return 'ETIMEDOUT';
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // fetch refuses the ports browsers block (1, 25, 6000…) before any connection, with no code.
    if ((current as Error).message === 'bad port') return 'BAD_PORT';
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function unreachableKind(error: unknown): BackendFailureKind {
  const code = networkCode(error);
  if (code === undefined) return 'unreachable';
  if (code === 'BAD_PORT') return 'bad-url';
  if (DNS_CODES.has(code)) return 'dns';
  if (REFUSED_CODES.has(code)) return 'refused';
  if (TIMEOUT_CODES.has(code)) return 'timeout';
  if (TLS_PREFIXES.some((prefix) => code.startsWith(prefix))) return 'tls';
  return 'unreachable';
}

/**
 * Sorts a failed backend call into the kinds the console explains (`src-shared/ipc/backend-problem.ts`).
 * `notFound` says what a 404 means for the call that failed (a missing route: another contract version).
 */
export function backendProblem(error: unknown, notFound: BackendFailureKind = 'version-mismatch'): BackendProblem {
  const detail = describeError(error);
  if (error instanceof BackendUnreachableError) return { failure: unreachableKind(error), status: null, detail };
  if (error instanceof BackendHttpError) {
    const failure: BackendFailureKind =
      error.status === 401 || error.status === 403 ? 'token-refused' : error.status >= 500 ? 'server-error' : error.status === 404 ? notFound : 'version-mismatch';
    return { failure, status: error.status, detail };
  }
  if (error instanceof BackendResponseError) return { failure: 'version-mismatch', status: error.status, detail };
  return { failure: 'unreachable', status: null, detail };
}
