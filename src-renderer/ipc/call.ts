import type { IpcChannel, IpcErrorKind, IpcRequest, IpcResponse, OpsApi } from '../../src-shared/ipc/contract.js';

/** A failed call, with the contract's error kind so a view can tell "offline" from "invalid". */
export class IpcCallError extends Error {
  constructor(
    readonly kind: IpcErrorKind,
    message: string,
    readonly channel: IpcChannel,
    /** The backend's error code, when the backend refused the call. */
    readonly code: string | null = null,
  ) {
    super(message);
    this.name = 'IpcCallError';
  }
}

/** Calls one channel and unwraps the envelope: the data, or an `IpcCallError` to throw into the query. */
export async function call<C extends IpcChannel>(api: OpsApi, channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> {
  const result = await api.invoke(channel, request);
  if (result.ok) return result.data;
  throw new IpcCallError(result.error.kind, result.error.message, channel, result.error.code ?? null);
}
