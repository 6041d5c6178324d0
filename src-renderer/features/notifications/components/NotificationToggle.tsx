import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { requestNotificationPermission, useNotificationPermission, type AlertPermission } from '../notification-permission.js';
import { notificationsStatusQuery } from '../queries.js';

function AlertStatus({ permission, shownBy }: { permission: Exclude<AlertPermission, 'default'>; shownBy: 'main' | 'renderer' }) {
  const intl = useIntl();
  return (
    <span
      className="notification-status"
      data-testid="notifications-status"
      data-permission={permission}
      data-shown-by={shownBy}
      title={intl.formatMessage({ id: 'notifications.status.title' })}
    >
      {intl.formatMessage({ id: `notifications.status.${permission}` })}
    </span>
  );
}

/** The browser's Notification API: asks for permission, or says whether alerts are on, blocked or unavailable. */
function WebAlertToggle() {
  const permission = useNotificationPermission();
  const intl = useIntl();
  if (permission === 'default') {
    return (
      <button type="button" data-testid="notifications-enable" onClick={() => void requestNotificationPermission()}>
        {intl.formatMessage({ id: 'notifications.enable' })}
      </button>
    );
  }
  return <AlertStatus permission={permission} shownBy="renderer" />;
}

/**
 * Whether desktop alerts for new urgent items are on. In the desktop app the main process shows
 * them (the OS's own settings mute them), so there is nothing to ask; in the browser the page asks.
 */
export function NotificationToggle() {
  const api = useOpsApi();
  const status = useQuery(notificationsStatusQuery(api)).data;
  if (!status) return null;
  if (status.shownBy === 'main') return <AlertStatus permission={status.supported ? 'granted' : 'unsupported'} shownBy="main" />;
  return <WebAlertToggle />;
}
