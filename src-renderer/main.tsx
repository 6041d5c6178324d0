import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { z } from 'zod';
import { App } from './app/App.js';
import { BridgeProvider } from './infra/bridge-context.js';
import { connectCacheInvalidation } from './infra/cache-invalidation.js';
import { ConnectionBanner } from './app/ConnectionBanner.js';
import { MissingSecret } from './app/MissingSecret.js';
import { I18nProvider } from './infra/i18n/I18nProvider.js';
import { createQueryClient } from './infra/query-client.js';
import { selectBridge } from './ipc/select-bridge.js';
import './styles.css';

// The CSP forbids eval: zod must not even probe for it (the probe is reported as a violation).
z.config({ jitless: true });

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');
const root = createRoot(container);
const selection = selectBridge(window);

if (selection.kind === 'missing-secret') {
  root.render(
    <I18nProvider>
      <MissingSecret />
    </I18nProvider>,
  );
} else {
  const queryClient = createQueryClient();
  connectCacheInvalidation(selection.api, queryClient);
  if (selection.kind === 'socket') {
    // Notices pushed while the socket was down are lost: after a reconnect everything is read again.
    let wasDown = false;
    selection.api.onStateChange((state) => {
      if (state === 'closed') wasDown = true;
      if (state === 'open' && wasDown) {
        wasDown = false;
        void queryClient.invalidateQueries();
      }
    });
  }
  root.render(
    <StrictMode>
      <I18nProvider>
        <BridgeProvider api={selection.api}>
          <QueryClientProvider client={queryClient}>
            {selection.kind === 'socket' && <ConnectionBanner bridge={selection.api} />}
            <App />
          </QueryClientProvider>
        </BridgeProvider>
      </I18nProvider>
    </StrictMode>,
  );
}
