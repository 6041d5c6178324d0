// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import type { PatchRow } from '../../../../src-shared/ipc/patches.js';
import { BridgeProvider } from '../../../infra/bridge-context.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { createQueryClient } from '../../../infra/query-client.js';
import { useNoticeDismissed, useNotices } from '../../../infra/notice-store.js';
import { DeactivateDialog } from './DeactivateDialog.js';

const PATCH_ID = '44444444-0000-4000-8000-000000000001';

function patchRow(lookups: number | null): PatchRow {
  return {
    id: PATCH_ID,
    sdk_language: 'node',
    error_signature: '429 Rate Limit',
    match_summary: 'status 429',
    severity: 'medium',
    state: 'active',
    active_version: 1,
    pending_version: null,
    author: 'dev admin',
    last_change_at: '2026-01-02T10:00:00Z',
    localState: 'synced',
    alerts: [],
    stats:
      lookups === null
        ? null
        : {
            patch_id: PATCH_ID,
            applications_7d: 40,
            successes_7d: 35,
            success_rate_7d: 0.875,
            applications_24h: 12,
            rollbacks_24h: 1,
            rollback_rate_24h: 1 / 12,
            applications_1h: 2,
            failures_1h: 0,
            failure_rate_1h: 0,
            lookups_1h: lookups,
            last_seen_at: '2026-01-02T10:00:00Z',
          },
  };
}

function renderDialog(row: PatchRow, locale: 'en' | 'fr' = 'en') {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api = {
    async invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      if (channel === 'ops:patches.deactivate') return { ok: true, data: { outboxId: 3, patchId: PATCH_ID, delivery: { status: 'queued', reason: 'unreachable', detail: null } } };
      return { ok: false, error: { kind: 'internal', message: `unexpected ${channel}` } };
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  render(
    <I18nProvider locale={locale}>
      <QueryClientProvider client={createQueryClient()}>
        <BridgeProvider api={api}>
          <NoticeList />
          <DeactivateDialog row={row} />
        </BridgeProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
  return calls;
}


/** The window's notices as text, and a way to clear them (the store is shared by the whole window). */
function NoticeList() {
  const notices = useNotices();
  const dismissed = useNoticeDismissed();
  return (
    <ul>
      {notices.map((notice) => (
        <li key={notice.id} className="notice">
          {notice.text}
          <button type="button" data-testid="dismiss-notice" onClick={() => dismissed(notice.id)} />
        </li>
      ))}
    </ul>
  );
}

afterEach(() => {
  for (const button of screen.queryAllByTestId('dismiss-notice')) fireEvent.click(button);
  cleanup();
});

describe('DeactivateDialog', () => {
  it('says how many SDK lookups the patch answered in the last hour, in the reader’s plural and number format', () => {
    renderDialog(patchRow(1234));
    expect(screen.getByTestId('deactivate-cost').textContent).toContain('answered 1,234 SDK lookups');
    cleanup();
    renderDialog(patchRow(1));
    expect(screen.getByTestId('deactivate-cost').textContent).toContain('answered 1 SDK lookup:');
    cleanup();
    renderDialog(patchRow(0));
    expect(screen.getByTestId('deactivate-cost').textContent).toContain('answered no SDK lookup');
    cleanup();
    renderDialog(patchRow(1234), 'fr');
    expect(screen.getByTestId('deactivate-cost').textContent).toMatch(/1\s234 recherches SDK/);
  });

  it('says it cannot count the lookups when the patch has no figures', () => {
    renderDialog(patchRow(null));
    expect(screen.getByTestId('deactivate-cost').textContent).toContain('cannot say how many SDK lookups');
  });

  it('starts on Cancel, and queues the deactivation with the reason given, announced once with why it is queued', async () => {
    const calls = renderDialog(patchRow(15));
    expect(document.activeElement).toBe(screen.getByTestId('cancel-deactivate'));
    fireEvent.change(screen.getByTestId('deactivate-reason'), { target: { value: ' noisy ' } });
    fireEvent.click(screen.getByTestId('confirm-deactivate'));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ channel: 'ops:patches.deactivate', request: { patchId: PATCH_ID, reason: 'noisy' } });
    await waitFor(() => expect(document.querySelectorAll('.notice')).toHaveLength(1));
    expect(document.querySelector('.notice')!.textContent).toContain('Deactivation of patch “429 Rate Limit” queued: the backend is unreachable');
  });
});
