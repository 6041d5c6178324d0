// The one place main registers IPC handlers: every contract channel, each behind the sender check,
// each passed to the router (which validates the request and answers with the result envelope).
// Pushed events go to the console's window only. Nothing else calls ipcMain.handle.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { IPC_CHANNEL_NAMES, type IpcResult } from '../../src-shared/ipc/contract.js';
import type { IpcRouter } from '../ipc/router.js';
import { isTrustedIpcSender, type TrustedOrigin } from '../shell-common/security.js';

const FORBIDDEN: IpcResult<never> = { ok: false, error: { kind: 'forbidden', message: 'only the console’s own page may call it' } };

/** Who sent an invoke: the sending frame's URL and whether it is its window's top frame. */
function senderOf(event: IpcMainInvokeEvent) {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url, isMainFrame: frame !== null && frame !== undefined && frame.parent === null };
}

/**
 * Registers a handler for every channel of the contract and forwards pushed events to the window.
 * Returns the function that removes them all.
 */
export function registerIpcHandlers(
  ipcMain: IpcMain,
  router: IpcRouter,
  trusted: TrustedOrigin,
  currentWindow: () => BrowserWindow | null,
): () => void {
  for (const channel of IPC_CHANNEL_NAMES) {
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedIpcSender(senderOf(event), trusted)) return FORBIDDEN;
      return router.invoke(channel, request);
    });
  }
  const unsubscribe = router.subscribe((event, payload) => {
    const window = currentWindow();
    if (window && !window.isDestroyed()) window.webContents.send(event, payload);
  });
  return () => {
    unsubscribe();
    for (const channel of IPC_CHANNEL_NAMES) ipcMain.removeHandler(channel);
  };
}
