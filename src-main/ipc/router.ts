import type { z } from 'zod';
import {
  IPC_CHANNELS,
  isIpcChannel,
  type IpcChannel,
  type IpcError,
  type IpcEventName,
  type IpcResult,
} from '../../src-shared/ipc/contract.js';
import type { MainServices } from '../app/main-services.js';
import { ServiceError } from '../services/service-error.js';
import { BackendHttpError, BackendUnreachableError } from '../backend/backend-errors.js';
import { silentLog, type LogFn } from '../util/log.js';
import { createHandlers, type IpcHandlers } from './handlers.js';

export interface IpcRouter {
  /** Answers one call; never throws (every failure is an `{ ok: false, error }` envelope). */
  invoke(channel: string, request: unknown): Promise<IpcResult>;
  /** Push events for every window/connection; returns the unsubscribe function. */
  subscribe(listener: (event: IpcEventName, payload: unknown) => void): () => void;
}

export interface IpcRouterOptions {
  log?: LogFn;
  /** Parse every answer against its response schema too (tests: catches drift from the contract). */
  checkResponses?: boolean;
}

/**
 * The one place every IPC handler is registered: unknown channels and malformed requests get a
 * typed `invalid_request` error, requests are parsed with the channel's schema before a service
 * sees them, and service failures are mapped to error kinds the UI can act on.
 */
export function createIpcRouter(services: MainServices, options: IpcRouterOptions = {}): IpcRouter {
  const log = options.log ?? silentLog;
  const handlers = createHandlers(services);
  return {
    async invoke(channel, request) {
      if (!isIpcChannel(channel)) {
        return failure('invalid_request', `unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}`);
      }
      const parsed = IPC_CHANNELS[channel].request.safeParse(request);
      if (!parsed.success) return failure('invalid_request', describeIssues(parsed.error));
      try {
        const handler = handlers[channel] as (request: unknown) => unknown;
        const data = await handler(parsed.data);
        if (options.checkResponses) {
          const check = (IPC_CHANNELS[channel].response as z.ZodType).safeParse(data);
          if (!check.success) throw new Error(`the answer on ${channel} breaks the contract: ${describeIssues(check.error)}`);
        }
        return { ok: true, data };
      } catch (error) {
        return { ok: false, error: toIpcError(channel, error, log) };
      }
    },
    subscribe(listener) {
      return services.onDidEmit(({ event, payload }) => listener(event, payload));
    },
  };
}

function failure(kind: IpcError['kind'], message: string): IpcResult {
  return { ok: false, error: { kind, message } };
}

function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const where = issue.path.length ? issue.path.join('.') : 'request';
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return `${where}: ${issue.message}${more}`;
}

function toIpcError(channel: IpcChannel, error: unknown, log: LogFn): IpcError {
  if (error instanceof ServiceError) return { kind: error.kind, message: error.message, code: error.code };
  if (error instanceof BackendUnreachableError) return { kind: 'offline', message: error.message };
  if (error instanceof BackendHttpError) {
    const kind = error.status === 401 || error.status === 403 ? 'forbidden' : error.status === 404 ? 'not_found' : error.status === 409 ? 'conflict' : 'internal';
    return { kind, message: error.message, code: error.code };
  }
  log(`${channel} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { kind: 'internal', message: `${channel} failed inside the console; the main-process log has the details`, code: 'console_internal' };
}

export type { IpcHandlers };
