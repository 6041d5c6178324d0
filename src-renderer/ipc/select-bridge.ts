import type { OpsApi } from '../../src-shared/ipc/contract.js';
import { createSocketBridge, type SocketBridge } from './socket-bridge.js';

/** The key under which the tab keeps the launch secret, so a reload still connects. */
export const SECRET_STORAGE_KEY = 'molam.launchSecret';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    molam?: OpsApi;
  }
}

/** Where the renderer runs and how it reaches the main process. */
export type BridgeSelection =
  | { kind: 'electron'; api: OpsApi }
  | { kind: 'socket'; api: SocketBridge }
  | { kind: 'missing-secret' };

/** The parts of `window` the selection reads; a parameter so tests can pass their own. */
export interface BridgeHost {
  molam?: OpsApi;
  location: Pick<Location, 'hash' | 'host' | 'pathname' | 'search' | 'protocol'>;
  history: Pick<History, 'replaceState'>;
  sessionStorage: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * Takes the secret from the address (`#secret=…`, as the browser shell prints it), keeps it for this tab
 * and removes it from the address bar so it is not left in the history or shared by a copied link.
 */
export function takeLaunchSecret(host: BridgeHost): string | null {
  const fragment = new URLSearchParams(host.location.hash.replace(/^#/, ''));
  const fromAddress = fragment.get('secret');
  if (fromAddress) {
    host.sessionStorage.setItem(SECRET_STORAGE_KEY, fromAddress);
    fragment.delete('secret');
    const rest = fragment.toString();
    host.history.replaceState(null, '', `${host.location.pathname}${host.location.search}${rest ? `#${rest}` : ''}`);
    return fromAddress;
  }
  return host.sessionStorage.getItem(SECRET_STORAGE_KEY);
}

/** The Electron preload's API when present, else the browser shell's socket (which needs the secret). */
export function selectBridge(host: BridgeHost): BridgeSelection {
  if (host.molam) return { kind: 'electron', api: host.molam };
  const secret = takeLaunchSecret(host);
  if (!secret) return { kind: 'missing-secret' };
  const scheme = host.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { kind: 'socket', api: createSocketBridge({ baseUrl: `${scheme}//${host.location.host}`, secret }) };
}
