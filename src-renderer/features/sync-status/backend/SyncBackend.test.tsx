// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../../src-shared/ipc/model.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { useCurrentPage } from '../../../shared/navigation-store.js';
import { SyncBackend } from './SyncBackend.js';

afterEach(cleanup);

const status = (over: Partial<SyncStatus>): SyncStatus => ({
  connectivity: 'online',
  profile: { id: 'p1', name: 'Ops', url: 'https://heal.example.com', embedded: false },
  identity: null,
  syncing: false,
  initialSyncDone: true,
  cursor: 1,
  lastSuccessAt: null,
  lastError: null,
  offline: null,
  outboxDepth: 0,
  outboxRejected: 0,
  conflicts: 0,
  ...over,
});

function Page() {
  return <output data-testid="page">{useCurrentPage()}</output>;
}

const show = (s: SyncStatus) =>
  render(
    <I18nProvider locale="en">
      <SyncBackend status={s} />
      <Page />
    </I18nProvider>,
  );

describe('the sync bar’s backend', () => {
  it('names the embedded demo, or the profile with its address', () => {
    show(status({ profile: { id: 'd', name: 'Embedded demo', url: 'http://127.0.0.1:5000', embedded: true } }));
    expect(screen.getByTestId('sync-backend').textContent).toBe('On the embedded demo');
    cleanup();
    show(status({}));
    expect(screen.getByTestId('sync-backend').textContent).toBe('On Ops (https://heal.example.com)');
    expect(screen.queryByTestId('sync-open-settings')).toBeNull();
  });

  it.each([
    ['refused', null, /^Offline since .+: Nothing answers at this address: the connection was refused\./],
    ['token-refused', 403, /^Offline since .+: The backend refused the token \(HTTP 403\)/],
    ['server-error', 502, /^Offline since .+: The backend failed on its side \(HTTP 502\)/],
  ] as const)('says why it is offline (%s) and since when, with the way to Settings', (failure, httpStatus, says) => {
    show(status({ connectivity: 'offline', offline: { problem: { failure, status: httpStatus, detail: 'the detail' }, since: '2026-12-04T10:15:00Z' } }));
    const reason = screen.getByTestId('sync-offline-reason');
    expect(reason.textContent).toMatch(says);
    expect(reason.getAttribute('title')).toBe('Detail: the detail');
    fireEvent.click(screen.getByTestId('sync-open-settings'));
    expect(screen.getByTestId('page').textContent).toBe('settings');
  });

  it('says why it does not sync while the backend answers but refuses the token', () => {
    show(status({ connectivity: 'online', offline: { problem: { failure: 'token-refused', status: 401, detail: 'd' }, since: '2026-12-04T10:15:00Z' } }));
    expect(screen.getByTestId('sync-offline-reason').textContent).toMatch(/^Not syncing since .+: The backend refused the token \(HTTP 401\)/);
    expect(screen.getByTestId('sync-open-settings')).toBeTruthy();
  });
});
