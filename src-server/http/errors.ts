import type { ApiErrorCode } from '../../src-shared/schemas/error-codes.js';

/** An error with an HTTP status and a stable machine code (listed in API_ERROR_CODES); `field` names the input at fault. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ApiErrorCode,
    message: string,
    readonly extra: { field?: string; details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message);
  }
}

export const badRequest = (message: string, field?: string, details?: unknown) =>
  new HttpError(400, 'invalid_request', message, { field, details });
export const notFound = (what: string, id?: string) =>
  new HttpError(404, 'not_found', id ? `${what} ${id} does not exist` : `${what} does not exist`);
export const forbidden = (message: string) => new HttpError(403, 'forbidden', message);
/** A conflict (invalid transition, stale version, replayed key with another body); `current` is the row now. */
export const conflict = (code: ApiErrorCode, message: string, current?: unknown) =>
  new HttpError(409, code, message, { details: current === undefined ? undefined : { current } });
