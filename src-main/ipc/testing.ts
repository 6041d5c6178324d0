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
