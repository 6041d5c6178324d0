// The desktop console's Electron entry: hardens the app before any window exists, starts the main
// services (cache, sync, embedded backend when no profile is set), and carries the IPC contract to
// the one window. No business logic lives here.
import { join } from 'node:path';
import { app, dialog, ipcMain, safeStorage, session, type BrowserWindow } from 'electron';
import { startMainServices } from '../app/main-services.js';
import { createIpcRouter } from '../ipc/router.js';
import { guardWebContents, hardenSession, registerAppScheme, serveRenderer } from './harden.js';
import { createDesktopNotifications } from './desktop-notifications.js';
import { registerIpcHandlers } from './ipc-bridge.js';
import { electronSqliteBinding } from './native-binding.js';
import { createSafeStorageSecretStore } from './safe-storage-secret-store.js';
import { APP_ORIGIN } from '../shell-common/security.js';
import { createMainWindow } from './window.js';
import { mainIntl, systemLanguage } from '../i18n/main-language.js';

/**
 * `--data-dir=<folder>` on the command line, else `MOLAM_DATA_DIR`, else Electron's per-user folder.
 * A chosen folder also becomes Electron's own data folder, so the single-instance lock is per folder.
 */
function chooseDataDirectory(): string {
  const flag = process.argv.find((arg) => arg.startsWith('--data-dir='));
  const chosen = flag?.slice('--data-dir='.length) || process.env.MOLAM_DATA_DIR;
  if (chosen) app.setPath('userData', chosen);
  return app.getPath('userData');
}

async function start(dataDir: string): Promise<void> {
  await app.whenReady();
  const appPath = app.getAppPath();
  hardenSession(session.defaultSession, APP_ORIGIN);
  serveRenderer(session.defaultSession, join(appPath, 'out', 'renderer'));

  let window: BrowserWindow | null = null;
  // better-sqlite3 in node_modules is built for Node; Electron loads its own build through the
  // cache's `nativeBinding` option (docs/console-shells.md).
  const options: Parameters<typeof startMainServices>[0] & { nativeBinding?: string } = {
    dataDir,
    // `--demo`: with no backend chosen yet, start on the embedded demo instead of the welcome screen.
    demo: process.argv.includes('--demo'),
    secretStore: createSafeStorageSecretStore(dataDir, safeStorage),
    log: (line: string) => console.error(line),
    // Main announces new urgent items itself; a click on an alert brings the console forward.
    desktopNotifications: createDesktopNotifications(() => bringForward()),
  };
  const nativeBinding = electronSqliteBinding(appPath, process.versions.electron);
  if (nativeBinding) options.nativeBinding = nativeBinding;
  const services = await startMainServices(options);
  const router = createIpcRouter(services);

  const bringForward = () => {
    if (!window) return openWindow();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  const openWindow = () => {
    window = createMainWindow(join(appPath, 'out', 'preload', 'index.cjs'), join(appPath, 'resources', 'icons', 'icon-512.png'));
    window.on('closed', () => (window = null));
  };
  const unregister = registerIpcHandlers(ipcMain, router, APP_ORIGIN, () => window);
  openWindow();

  app.on('second-instance', bringForward);
  app.on('activate', () => {
    if (!window) openWindow();
  });
  app.on('window-all-closed', () => app.quit());

  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    // Stop syncing and close the cache cleanly before the process ends.
    event.preventDefault();
    closed = true;
    unregister();
    services.close().finally(() => app.exit(0));
  });
}

app.enableSandbox();
// Windows shows a main-process notification only for an app with an AppUserModelID.
if (process.platform === 'win32') app.setAppUserModelId('com.molam.heal-console');
registerAppScheme();
guardWebContents(APP_ORIGIN);
const dataDir = chooseDataDirectory();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start(dataDir).catch((error: unknown) => {
    const words = mainIntl(systemLanguage([app.getLocale()]));
    const reason = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox(words.formatMessage({ id: 'main.startFailed.title' }), words.formatMessage({ id: 'main.startFailed.body' }, { reason }));
    app.exit(1);
  });
}
