import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from '../shell-common/security.js';

/**
 * The console's one window. The preferences are written out here (not spread from a constant) so
 * the security scanner sees them; window.test.ts keeps them equal to
 * SECURE_WEB_PREFERENCES.
 */
export function createMainWindow(preloadPath: string, iconPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    title: 'Molam Heal Console',
    // The PNG generated from resources/icon.svg (Windows and Linux; macOS takes the bundle's ICNS).
    icon: iconPath,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
