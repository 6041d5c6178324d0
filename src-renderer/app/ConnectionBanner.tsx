import { FormattedMessage } from 'react-intl';
import { useSyncExternalStore } from 'react';
import type { SocketBridge } from '../ipc/socket-bridge.js';

/** In the browser: says so while the socket to the console process is down (it reconnects by itself). */
export function ConnectionBanner({ bridge }: { bridge: SocketBridge }) {
  const state = useSyncExternalStore(bridge.onStateChange, bridge.state);
  if (state === 'open') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner" data-state={state}>
      <FormattedMessage id={state === 'connecting' ? 'app.connection.connecting' : 'app.connection.lost'} />
    </div>
  );
}
