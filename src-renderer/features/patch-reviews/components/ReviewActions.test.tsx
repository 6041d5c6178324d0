// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpsApi } from '../../../../src-shared/ipc/contract.js';
import type { Delivery } from '../../../../src-shared/ipc/delivery.js';
import type { PatchReviewItem } from '../../../../src-shared/ipc/patches.js';
import { BridgeProvider } from '../../../infra/bridge-context.js';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { createQueryClient } from '../../../infra/query-client.js';
import { useNoticeDismissed, useNotices } from '../../../infra/notice-store.js';
import { ReviewActions } from './ReviewActions.js';

const PATCH_ID = '33333333-0000-4000-8000-000000000001';

function reviewItem(overrides: Partial<PatchReviewItem> = {}): PatchReviewItem {
  const version = {
    id: '33333333-0000-4000-8000-000000000002',
    patch_id: PATCH_ID,
    version: 2,
    sdk_language: 'node',
    error_signature: 'Timeout',
    description: 'triple the timeout',
    severity: 'medium' as const,
    match: { message_pattern: 'ETIMEDOUT' },
    actions: [{ type: 'increase_timeout', factor: 3 }],
    patch_code: null,
    rollback_code: null,
    content_hash: 'a'.repeat(64),
    signature: null,
    key_id: null,
    status: 'pending_review' as const,
    created_by: 'token-author',
    created_at: '2026-01-02T10:00:00Z',
    reviewed_by: null,
    reviewed_at: null,
    rejection_reason: null,
  };
  return {
    patch: {
      id: PATCH_ID,
      sdk_language: 'node',
      error_signature: 'Timeout',
      patch_code: null,
      rollback_code: null,
      description: 'triple the timeout',
      severity: 'medium',
      active: true,
      version: 2,
      active_version: 1,
      created_by: 'token-author',
      created_at: '2026-01-01T10:00:00Z',
      updated_at: '2026-01-02T10:00:00Z',
      deactivated_at: null,
      deactivated_by: null,
    },
    version,
    activeVersion: null,
    changeNote: 'triple the timeout',
    ownVersion: false,
    localState: 'synced',
    dryRuns: [],
    ...overrides,
  };
}

/** The contract's two ends as far as the review buttons use them: approvals answer `delivery`, calls recorded. */
function renderActions(item: PatchReviewItem, delivery: Delivery = { status: 'sent' }) {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api = {
    async invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      if (channel === 'ops:patches.approveVersion' || channel === 'ops:patches.rejectVersion') return { ok: true, data: { outboxId: 7, patchId: PATCH_ID, delivery } };
      return { ok: false, error: { kind: 'internal', message: `unexpected ${channel}` } };
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  render(
    <I18nProvider locale="en">
      <QueryClientProvider client={createQueryClient()}>
        <BridgeProvider api={api}>
          <NoticeList />
          <ReviewActions item={item} />
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
  // Notices live in a store shared by the window: each test starts with none.
  for (const button of screen.queryAllByTestId('dismiss-notice')) fireEvent.click(button);
  cleanup();
});

describe('ReviewActions', () => {
  it('keeps the author’s approve button visible but disabled, with the two-person rule named beside it', () => {
    const calls = renderActions(reviewItem({ ownVersion: true }));
    const approve = screen.getByTestId('review-approve');
    expect(approve).toBeTruthy();
    expect((approve as HTMLButtonElement).disabled).toBe(true);
    const why = screen.getByTestId('review-own-version');
    expect(why.textContent).toContain('two-person rule');
    expect(approve.getAttribute('aria-describedby')).toBe(why.id);
    fireEvent.click(approve);
    expect(calls).toHaveLength(0);
  });

  it('approves someone else’s version with the comment, and one notice says it was sent', async () => {
    const calls = renderActions(reviewItem());
    expect(screen.queryByTestId('review-own-version')).toBeNull();
    fireEvent.change(screen.getByTestId('review-comment'), { target: { value: '  looks right  ' } });
    fireEvent.click(screen.getByTestId('review-approve'));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ channel: 'ops:patches.approveVersion', request: { patchId: PATCH_ID, version: 2, comment: 'looks right' } });
    await waitFor(() => expect(document.querySelectorAll('.notice')).toHaveLength(1));
    expect(document.querySelector('.notice')!.textContent).toContain('Approval of version 2 of patch “Timeout” sent');
  });

  it('says why when the backend refuses an approval anyway', async () => {
    renderActions(reviewItem(), { status: 'refused', message: 'the author of a version cannot approve it', code: null });
    fireEvent.click(screen.getByTestId('review-approve'));
    await waitFor(() => expect(document.querySelectorAll('.notice')).toHaveLength(1));
    const text = document.querySelector('.notice')!.textContent!;
    expect(text).toContain('refused by the backend');
    expect(text).toContain('the author of a version cannot approve it');
  });

  it('asks for a reason before rejecting, and sends the reason given', async () => {
    const calls = renderActions(reviewItem());
    fireEvent.click(screen.getByTestId('review-reject'));
    fireEvent.click(screen.getByTestId('review-confirm-reject'));
    expect(screen.getByTestId('review-reject-error')).toBeTruthy();
    expect(calls).toHaveLength(0);
    fireEvent.change(screen.getByTestId('review-reject-reason'), { target: { value: 'matches too broadly' } });
    fireEvent.click(screen.getByTestId('review-confirm-reject'));
    await waitFor(() => expect(calls).toHaveLength(1));
    expect(calls[0]).toEqual({ channel: 'ops:patches.rejectVersion', request: { patchId: PATCH_ID, version: 2, reason: 'matches too broadly' } });
    await waitFor(() => expect(screen.queryByTestId('review-reject-dialog')).toBeNull());
  });
});
