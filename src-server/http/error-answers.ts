import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { isDatabaseUnavailable, isRetryableConflict } from '../db/database.js';
import type { ApiErrorCode } from '../../src-shared/schemas/error-codes.js';
import { HttpError } from './errors.js';

/** What a 503 asks the client to wait while the database is unreachable (a restart takes seconds). */
const DATABASE_RETRY_AFTER_S = 2;

type ErrorBody = { error: { code: ApiErrorCode; message: string; field?: string; details?: unknown } };

const errorBody = (code: ApiErrorCode, message: string, field?: string): ErrorBody => ({ error: { code, message, ...(field ? { field } : {}) } });

/**
 * Errors Fastify raises while routing, before any handler (a malformed percent-escape in the path,
 * a path parameter over its length limit): answered in the API's error shape, naming the path.
 */
export const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, _request, reply) => {
  const status = error.statusCode ?? 400;
  const code = status === 414 ? 'uri_too_long' : 'invalid_request';
  void (reply as FastifyReply).code(status).send(errorBody(code, error.message, 'path'));
};

/**
 * Requests Node's HTTP parser refuses before Fastify sees them (a request line or headers over the
 * size limit, malformed syntax): the socket gets one answer in the API's error shape, then closes.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (!socket.writable) return void socket.destroy();
  const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify(
    tooLarge
      ? errorBody('headers_too_large', 'the request line or headers exceed the size limit (16 KiB)', 'headers')
      : errorBody('invalid_request', 'the request is not valid HTTP'),
  );
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/**
 * Every error a handler throws becomes `{"error": {"code", "message", "field"?, "details"?}}`: the
 * status of an HttpError, 503 with Retry-After while the database is unreachable or still
 * conflicting after retries, 4xx for what Fastify refused, and 500 only for a defect (logged).
 */
export function registerErrorAnswers(app: FastifyInstance, bodyLimit: number): void {
  app.setErrorHandler((error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof HttpError) {
      if (error.extra.headers) reply.headers(error.extra.headers);
      return reply.code(error.statusCode).send({
        error: { code: error.code, message: error.message, field: error.extra.field, details: error.extra.details },
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_S))
        .send(errorBody('database_unavailable', 'the database cannot be reached right now; try again shortly'));
    }
    if (isRetryableConflict(error)) {
      // Still colliding after the bounded retries: transient, so the client is asked to come back.
      request.log.warn({ err: error }, 'transaction still conflicting after retries');
      return reply
        .code(503)
        .header('retry-after', '1')
        .send(errorBody('database_busy', 'the change collided with concurrent writes several times; send it again'));
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send(errorBody('payload_too_large', `request body exceeds ${bodyLimit} bytes`));
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const code = fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid_request';
      return reply.code(fastifyError.statusCode).send(errorBody(code, fastifyError.message, 'body'));
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send(errorBody('internal', 'internal error; see the server log'));
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(errorBody('route_not_found', `no route ${request.method} ${request.url.split('?')[0]}`)),
  );
}
