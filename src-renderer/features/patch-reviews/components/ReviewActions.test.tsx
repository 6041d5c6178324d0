// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dismissNotices, noticeTexts, renderOverBridge } from '../../../shared/patch-registry/testing.js';
import type { Delivery } from '../../../../src-shared/ipc/delivery.js';
import type { PatchReviewItem } from '../../../../src-shared/ipc/patches.js';
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
    created_by_name: 'author',
    created_at: '2026-01-02T10:00:00Z',
    reviewed_by: null,
    reviewed_by_name: null,
    reviewed_at: null,
    rejection_reason: null,
    change_note: 'triple the timeout',
    review_comment: null,
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
      created_by_name: 'author',
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

/** The review buttons over a contract end whose approvals and rejections answer `delivery`. */
function renderActions(item: PatchReviewItem, delivery: Delivery = { status: 'sent' }) {
  const receipt = { outboxId: 7, patchId: PATCH_ID, delivery };
  return renderOverBridge(<ReviewActions item={item} />, { 'ops:patches.approveVersion': receipt, 'ops:patches.rejectVersion': receipt });
}


afterEach(() => {
  dismissNotices(fireEvent.click);
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
    await waitFor(() => expect(noticeTexts()).toHaveLength(1));
    expect(noticeTexts()[0]).toContain('Approval of version 2 of patch “Timeout” sent');
  });

  it('says why when the backend refuses an approval anyway', async () => {
    renderActions(reviewItem(), { status: 'refused', message: 'the author of a version cannot approve it', code: null });
    fireEvent.click(screen.getByTestId('review-approve'));
    await waitFor(() => expect(noticeTexts()).toHaveLength(1));
    const text = noticeTexts()[0]!;
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
