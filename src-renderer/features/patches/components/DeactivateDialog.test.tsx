// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { dismissNotices, noticeTexts, renderOverBridge } from '../../../shared/patch-registry/testing.js';
import type { PatchRow } from '../../../../src-shared/ipc/patches.js';
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
  const queued = { outboxId: 3, patchId: PATCH_ID, delivery: { status: 'queued', reason: 'unreachable', detail: null } };
  return renderOverBridge(<DeactivateDialog row={row} />, { 'ops:patches.deactivate': queued }, locale);
}


afterEach(() => {
  dismissNotices(fireEvent.click);
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
    await waitFor(() => expect(noticeTexts()).toHaveLength(1));
    expect(noticeTexts()[0]).toContain('Deactivation of patch “429 Rate Limit” queued: the backend is unreachable');
  });
});
