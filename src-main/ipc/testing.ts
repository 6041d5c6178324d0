import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMainServices } from '../app/main-services.js';
import { FileSecretStore } from '../services/secret-store.js';
import { createIpcRouter, type IpcRouter } from './router.js';

/** A console's main services in a fresh data folder, behind the IPC router as the app wires it (answers checked against the contract). */
export interface RoutedConsole {
  router: IpcRouter;
  dir: string;
  /** Stops the services and removes the data folder. */
  close(): Promise<void>;
}

/** Starts one, with short retry and reconnect delays so tests against a backend move fast. */
export async function startRoutedConsole(folderPrefix: string): Promise<RoutedConsole> {
  const dir = mkdtempSync(join(tmpdir(), folderPrefix));
  const services = await startMainServices({
    dataDir: dir,
    secretStore: new FileSecretStore(join(dir, 'tokens.json')),
    embedded: false,
    tuning: { retry: { baseDelayMs: 20, maxDelayMs: 200 }, reconnect: { baseDelayMs: 20, maxDelayMs: 200 } },
  });
  return {
    router: createIpcRouter(services, { checkResponses: true }),
    dir,
    close: async () => {
      await services.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A routed console signed in to a backend with `token`, and `call`, which answers a channel's data or throws its error. */
export async function startSignedInConsole(folderPrefix: string, url: string, token: string) {
  const routed = await startRoutedConsole(folderPrefix);
  const call = async (channel: string, request: unknown): Promise<any> => {
    const result = await routed.router.invoke(channel, request);
    if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error)}`);
    return result.data;
  };
  const saved = await call('ops:settings.saveProfile', { name: 'Local', url, token });
  await call('ops:settings.switchProfile', { id: saved.id });
  return { ...routed, call };
}
