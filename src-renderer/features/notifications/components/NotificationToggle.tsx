import { requestNotificationPermission, useNotificationPermission } from '../notification-permission.js';

const STATUS_TEXT: Record<string, string> = {
  granted: 'Desktop alerts on',
  denied: 'Desktop alerts blocked',
  unsupported: 'Desktop alerts unavailable',
};

/** Asks for permission to show desktop alerts, or says whether they are on, blocked or unavailable. */
export function NotificationToggle() {
  const permission = useNotificationPermission();
  if (permission === 'default') {
    return (
      <button type="button" data-testid="notifications-enable" onClick={() => void requestNotificationPermission()}>
        Enable desktop alerts
      </button>
    );
  }
  return (
    <span className="notification-status" data-testid="notifications-status" data-permission={permission} title="Alerts for new high and critical items waiting for review">
      {STATUS_TEXT[permission]}
    </span>
  );
}
