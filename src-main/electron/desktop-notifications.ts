// Desktop alerts through Electron's main-process Notification. The renderer asks for nothing: the
// Notifier (src-main/services/notifier.ts) decides what to announce and calls this port, so the session's
// permission handler keeps refusing the web Notification permission to the page.
import { Notification } from 'electron';
import { DesktopAlertSchema, type DesktopAlert } from '../../src-shared/ipc/notifications.js';
import type { DesktopNotificationPort } from '../services/notifier.js';

/**
 * Electron's notifications as the notifier's port; `bringForward` runs when the user clicks one.
 * Call after `app.whenReady()`. A new alert replaces the one still on screen, as the web API's `tag`
 * does, and the shown one is held so it is not collected before its click arrives.
 */
export function createDesktopNotifications(bringForward: () => void): DesktopNotificationPort {
  let current: Notification | null = null;
  return {
    supported: Notification.isSupported(),
    show(alert: DesktopAlert) {
      // Checked again at the OS boundary: plain, bounded text whatever the caller built.
      const { title, body } = DesktopAlertSchema.parse(alert);
      current?.close();
      const notification = new Notification({ title, body, silent: false });
      notification.on('click', bringForward);
      notification.on('close', () => {
        if (current === notification) current = null;
      });
      current = notification;
      notification.show();
    },
  };
}
