import type { IpcErrorKind } from '../../src-shared/ipc/contract.js';

/** A failure a service reports to the UI on purpose; the IPC router passes `kind` and `message` on. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  constructor(
    readonly kind: IpcErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string, id: string | number) => new ServiceError('not_found', `${what} ${id} is not in the local cache`);
