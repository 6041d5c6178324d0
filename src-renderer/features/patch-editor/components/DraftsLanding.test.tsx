// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatchDraft } from '../../../../src-shared/ipc/patches.js';
import { dismissNotices, noticeTexts, renderOverBridge } from '../../../shared/patch-registry/testing.js';
import { useCurrentPage, useEditorDraftId } from '../../../shared/navigation-store.js';
import { DraftsLanding } from './DraftsLanding.js';
import { DraftSubmitBar } from './DraftSubmitBar.js';

const status = (role: string) => ({ identity: { name: 'Dev', role, merchantId: null } });

const draft = (id: string, text: string, patch: Partial<PatchDraft> = {}): PatchDraft => ({
  id,
  patchId: null,
  baseVersion: null,
  text,
  changeNote: '',
  createdAt: '2026-12-01T10:00:00.000Z',
  savedAt: '2026-12-01T10:05:00.000Z',
  submittedAt: null,
  ...patch,
});

const unpatched = {
  items: [{ sdk_language: 'node', status: 400, error_code: 'invalid_request', error_pattern: 'amount must be a positive integer', occurrences: 1234, developers: 3, last_seen_at: '2026-12-01T09:00:00.000Z' }],
  stats: { computedAt: '2026-12-01T09:30:00.000Z', refreshedAt: '2026-12-01T09:31:00.000Z' },
};

function Where() {
  return <output data-testid="where">{`${useCurrentPage()}:${useEditorDraftId() ?? ''}`}</output>;
}

afterEach(() => {
  dismissNotices(fireEvent.click);
  cleanup();
});

describe('the patch editor’s landing', () => {
  it('lists the drafts by their error signature and the errors no patch answered, in the reader’s number format', async () => {
    renderOverBridge(<DraftsLanding onOpen={() => undefined} />, {
      'ops:sync.status': status('dev_admin'),
      'ops:drafts.list': { drafts: [draft('d1', '{"error_signature": "Timeout"}'), draft('d2', '{ unfinished')] },
      'ops:patches.unpatched': unpatched,
    }, 'fr');
    const items = await screen.findAllByTestId('patch-draft-item');
    expect(items.map((item) => item.querySelector('button')!.textContent)).toEqual(['Timeout', 'Brouillon sans titre']);
    const row = await screen.findByTestId('patch-unpatched-row');
    expect(row.textContent).toMatch(/1\s234/);
    expect(within(row).getByTestId('patch-write-for').textContent).toBe('Écrire un correctif pour cette erreur');
  });

  it('starts a draft from an unanswered error, prefilled with its match, and opens the editor on it', async () => {
    const opened: string[] = [];
    const calls = renderOverBridge(
      <>
        <DraftsLanding onOpen={(id) => opened.push(id)} />
        <Where />
      </>,
      { 'ops:sync.status': status('dev_admin'), 'ops:drafts.list': { drafts: [] }, 'ops:patches.unpatched': unpatched, 'ops:drafts.create': draft('new-draft', '{}') },
    );
    fireEvent.click(await screen.findByTestId('patch-write-for'));
    await waitFor(() => expect(opened).toEqual(['new-draft']));
    expect(calls.find((c) => c.channel === 'ops:drafts.create')!.request).toEqual({
      fromFailure: { sdk_language: 'node', status: 400, error_code: 'invalid_request', message: 'amount must be a positive integer' },
    });
    expect(screen.getByTestId('where').textContent).toBe('patch-editor:new-draft');
  });

  it('offers no writing to a role that does not author patches', async () => {
    renderOverBridge(<DraftsLanding onOpen={() => undefined} />, {
      'ops:sync.status': status('reviewer'),
      'ops:drafts.list': { drafts: [draft('d1', '{"error_signature": "Timeout"}')] },
      'ops:patches.unpatched': unpatched,
    });
    await screen.findByTestId('patch-unpatched-row');
    expect(screen.queryByTestId('patch-new')).toBeNull();
    expect(screen.queryByTestId('patch-write-for')).toBeNull();
    expect(screen.queryByTestId('patch-draft-delete')).toBeNull();
  });
});

describe('submitting a draft', () => {
  const problem = { path: 'actions.0.factor', code: 'too_large', params: { key: 'factor', maximum: 10, inclusive: 'true' }, message: 'actions.0.factor: Too big: expected number to be <=10', line: 9, column: 17 };

  it('lists the problems of a refused submission at their lines', async () => {
    const calls = renderOverBridge(<DraftSubmitBar draft={draft('d1', '{}', { changeNote: 'Longer timeout' })} text="{}" writable onGoTo={() => undefined} onDeleted={() => undefined} />, {
      'ops:drafts.submit': { ok: false, problems: [problem] },
    });
    fireEvent.click(screen.getByTestId('patch-submit-button'));
    const refused = await screen.findByTestId('patch-submit-refused');
    expect(refused.textContent).toContain('Not submitted: 1 problem to fix first.');
    expect(within(refused).getByTestId('patch-problem').textContent).toBe('Line 9, column 17: actions.0.factor: Must be at most 10. actions.0.factor: Too big: expected number to be <=10');
    expect(calls.map((c) => c.channel)).toEqual(['ops:drafts.submit']);
    expect(noticeTexts()).toEqual([]);
  });

  it('saves what was typed first, then raises the one notice of what became of the submission', async () => {
    const calls = renderOverBridge(<DraftSubmitBar draft={draft('d1', '{}')} text='{"edited": true}' writable onGoTo={() => undefined} onDeleted={() => undefined} />, {
      'ops:drafts.save': { draft: draft('d1', '{"edited": true}', { savedAt: '2026-12-01T10:06:00.000Z' }), problems: [] },
      'ops:drafts.submit': { ok: true, receipt: { outboxId: 7, patchId: '44444444-0000-4000-8000-000000000001', delivery: { status: 'queued', reason: 'unreachable', detail: null } } },
    });
    const button = screen.getByTestId('patch-submit-button') as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('patch-change-note'), { target: { value: 'Longer timeout' } });
    fireEvent.click(button);
    await waitFor(() => expect(noticeTexts()).toHaveLength(1));
    expect(noticeTexts()[0]).toMatch(/^Patch 44444444 submitted for review: /);
    const channels = calls.map((c) => c.channel);
    expect(channels.indexOf('ops:drafts.save')).toBeLessThan(channels.indexOf('ops:drafts.submit'));
    expect(calls.find((c) => c.channel === 'ops:drafts.submit')!.request).toEqual({ draftId: 'd1', changeNote: 'Longer timeout' });
  });
});
