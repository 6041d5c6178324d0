import { useSyncExternalStore } from 'react';

export type AlertPermission = NotificationPermission | 'unsupported';

const listeners = new Set<() => void>();

function current(): AlertPermission {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/** The Notification API's permission, re-read after the user answers a request. */
export function useNotificationPermission(): AlertPermission {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current,
    current,
  );
}

/** Asks for permission (must run from a user gesture); the answer reaches every subscriber. */
export async function requestNotificationPermission(): Promise<AlertPermission> {
  if (typeof Notification === 'undefined') return 'unsupported';
  await Notification.requestPermission();
  for (const listener of listeners) listener();
  return current();
}
