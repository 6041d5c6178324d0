import { createContext, useContext, type ReactNode } from 'react';
import type { OpsApi } from '../../src-shared/ipc/contract.js';

const BridgeContext = createContext<OpsApi | null>(null);

/** Makes the contract (Electron preload or browser-shell socket) available to every query and mutation. */
export function BridgeProvider({ api, children }: { api: OpsApi; children: ReactNode }) {
  return <BridgeContext.Provider value={api}>{children}</BridgeContext.Provider>;
}

/** The contract the renderer talks to the main process through. */
export function useOpsApi(): OpsApi {
  const api = useContext(BridgeContext);
  if (!api) throw new Error('useOpsApi needs a BridgeProvider above it');
  return api;
}
