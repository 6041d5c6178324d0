// The preload's one object, built from an `ipcRenderer`-like port so the rules are testable without
// Electron: only contract channels and events pass, and the Electron event object never reaches the
// page.
import { isIpcChannel, isIpcEventName, type IpcResult, type OpsApi } from '../../src-shared/ipc/contract.js';

/** The part of Electron's `ipcRenderer` the bridge uses. */
export interface RendererPort {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

function refused(message: string): IpcResult<never> {
  return { ok: false, error: { kind: 'invalid_request', message } };
}

/** The API exposed to the page as `window.molam`: `invoke` and `on`, nothing else. */
export function createOpsBridge(port: RendererPort): OpsApi {
  return Object.freeze({
    invoke(channel, request) {
      if (!isIpcChannel(channel)) return Promise.resolve(refused(`unknown channel ${String(channel)}`));
      return port.invoke(channel, request) as Promise<IpcResult<never>>;
    },
    on(event, listener) {
      if (!isIpcEventName(event)) throw new Error(`unknown event ${String(event)}`);
      if (typeof listener !== 'function') throw new Error('listener must be a function');
      const forward = (_event: unknown, payload: unknown) => (listener as (payload: unknown) => void)(payload);
      port.on(event, forward);
      return () => {
        port.removeListener(event, forward);
      };
    },
  } satisfies OpsApi);
}
