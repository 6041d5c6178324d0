import type { ConsoleErrorCode } from '../../src-shared/ipc/console-errors.js';
import type { IpcErrorKind } from '../../src-shared/ipc/contract.js';

/** A failure a service reports to the UI on purpose; the IPC router passes `kind`, `code` (the renderer words it) and `message` (the detail) on. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly kind: IpcErrorKind,
    readonly code: ConsoleErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string | number) => new ServiceError('not_found', 'not_in_cache', `${what} ${id} is not in the local cache`);
