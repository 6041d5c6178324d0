// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import type { CachedPause } from '../../../../src-shared/ipc/log-detail.js';
import { BridgeProvider } from '../../../infra/bridge-context.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { createQueryClient } from '../../../infra/query-client.js';
import { PauseBanner } from './PauseBanner.js';

const LOG_ID = '00000000-0000-4000-8000-000000000001';
const PAUSE_ID = '22222222-0000-4000-8000-000000000001';

function cachedPause(overrides: Partial<CachedPause> = {}): CachedPause {
  return {
    pause: {
      id: PAUSE_ID,
      rule_id: '11111111-0000-4000-8000-000000000001',
      rule_name: 'missing_database_column',
      plugin_id: 'plugin-1',
      healing_log_id: LOG_ID,
      paused_by: 'ops one',
      paused_at: '2026-01-02T10:00:00Z',
      reason: 'rolled back',
      resumed_by: null,
      resumed_at: null,
      version: 1,
    },
    localState: 'synced',
    pending: null,
    ...overrides,
  };
}

/** The contract's two ends, as far as the banner uses them: pauses from a fixed answer, calls recorded. */
function bridge(item: CachedPause) {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api = {
    async invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      if (channel === 'ops:pauses.forLog') return { ok: true, data: { items: [item] } };
      if (channel === 'ops:pauses.resume') return { ok: true, data: { outboxId: 1, pauseId: PAUSE_ID, localState: 'queued' } };
      if (channel === 'ops:outbox.dismiss') return { ok: true, data: { dismissed: true } };
      return { ok: false, error: { kind: 'internal', message: `unexpected ${channel}` } };
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  return { api, calls };
}

function renderBanner(item: CachedPause, role: string | null = 'ops') {
  const { api, calls } = bridge(item);
  render(
    <I18nProvider locale="en">
      <QueryClientProvider client={createQueryClient()}>
        <BridgeProvider api={api}>
          <PauseBanner logId={LOG_ID} role={role} />
        </BridgeProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
  return calls;
}

describe('the pause banner', () => {
  afterEach(cleanup);

  it('offers ops to resume a pause in force, and asks main to queue the resume', async () => {
    const calls = renderBanner(cachedPause());
    const button = await screen.findByTestId('resume-auto-apply');
    expect(screen.getByTestId('pause-banner').getAttribute('data-local-state')).toBe('synced');
    fireEvent.click(button);
    await waitFor(() => expect(calls.map((c) => c.channel)).toContain('ops:pauses.resume'));
    expect(calls.find((c) => c.channel === 'ops:pauses.resume')?.request).toEqual({ id: PAUSE_ID });
  });

  it('says the resume is queued, without a second Resume, while it waits in the outbox', async () => {
    renderBanner(cachedPause({ localState: 'queued', pending: { id: 4, state: 'queued', lastError: null } }));
    const state = await screen.findByTestId('pause-local-state');
    expect(state.textContent).toBe(' Resume queued — will sync');
    expect(state.querySelector('svg[data-icon="hourglass"][aria-hidden="true"]')).not.toBeNull();
    expect(screen.getByTestId('pause-banner').getAttribute('data-local-state')).toBe('queued');
    expect(screen.queryByTestId('resume-auto-apply')).toBeNull();
  });

  it('shows why the backend refused the resume and lets ops drop it', async () => {
    const calls = renderBanner(cachedPause({ localState: 'rejected', pending: { id: 4, state: 'rejected', lastError: '403 forbidden: ops only' } }));
    expect((await screen.findByTestId('pause-local-state')).textContent).toContain('403 forbidden: ops only');
    fireEvent.click(screen.getByTestId('pause-resume-dismiss'));
    await waitFor(() => expect(calls.find((c) => c.channel === 'ops:outbox.dismiss')?.request).toEqual({ id: 4 }));
  });

  it('points to the conflicts inbox when the server changed the pause meanwhile, and tells other roles only ops can resume', async () => {
    renderBanner(cachedPause({ localState: 'conflict' }));
    expect((await screen.findByTestId('pause-local-state')).textContent).toContain('Conflicts');
    cleanup();
    renderBanner(cachedPause(), 'reviewer');
    expect((await screen.findByTestId('pause-banner')).textContent).toContain('Only ops can resume it.');
    expect(screen.queryByTestId('resume-auto-apply')).toBeNull();
  });
});
