/** The backend could not be reached (connection refused, DNS, TLS, timeout): the console is offline. */
export class BackendUnreachableError extends Error {
  override readonly name = 'BackendUnreachableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The backend answered with an error status; `code`, `field` and `details` come from its error body. */
export class BackendHttpError extends Error {
  override readonly name = 'BackendHttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
    readonly field: string | undefined,
    /** From Retry-After on 429/503, in milliseconds. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
  }
}

/** The backend answered 2xx with a body that does not match the contract. */
export class BackendResponseError extends Error {
  override readonly name = 'BackendResponseError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Statuses that say "try again later" rather than "this request is wrong". */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * True when sending the same request again later may succeed: the backend was unreachable,
 * overloaded, rate-limited or failed on its side (5xx).
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof BackendUnreachableError) return true;
  if (error instanceof BackendHttpError) return error.status >= 500 || TRANSIENT_STATUSES.has(error.status);
  return false;
}
