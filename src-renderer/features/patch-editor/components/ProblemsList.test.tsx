// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatchDraft } from '../../../../src-shared/ipc/patches.js';
import { validateDraft } from '../../../../src-shared/patch-engine/draft.js';
import { dismissNotices, renderOverBridge } from '../../../shared/patch-registry/testing.js';
import { DraftSubmitBar } from './DraftSubmitBar.js';
import { ProblemsList } from './ProblemsList.js';

const draftText = JSON.stringify(
  {
    sdk_language: 'node',
    error_signature: 'timeout',
    description: 'Longer timeout',
    severity: 'low',
    actions: [{ type: 'increase_timeout', factor: 50, max_ms: 900000 }],
  },
  null,
  2,
);
const verdict = validateDraft(draftText);
const problems = verdict.ok ? [] : verdict.problems;

const draft: PatchDraft = {
  id: 'd1',
  patchId: null,
  baseVersion: null,
  text: draftText,
  changeNote: 'Longer timeout',
  createdAt: '2026-12-01T10:00:00.000Z',
  savedAt: '2026-12-01T10:05:00.000Z',
  submittedAt: null,
};

afterEach(() => {
  dismissNotices(fireEvent.click);
  cleanup();
});

describe('the problems list', () => {
  it('words out-of-range bounds in French, numbers in the French format, the schema’s sentence kept as detail', () => {
    expect(problems.map((problem) => problem.code)).toEqual(['too_large', 'too_large']);
    renderOverBridge(<ProblemsList problems={problems} onGoTo={() => undefined} />, {}, 'fr');
    const items = screen.getAllByTestId('patch-problem');
    expect(items.map((item) => within(item).getByTestId('patch-problem-sentence').textContent)).toEqual([
      'actions.0.factor : Doit être au plus 10.',
      'actions.0.max_ms : Doit être au plus 300\u202f000.',
    ]);
    expect(items.map((item) => within(item).getByTestId('patch-problem-detail').textContent)).toEqual(problems.map((problem) => problem.message));
    expect(screen.getByTestId('patch-problems').querySelector('h3')!.textContent).toBe('2 problèmes');
  });

  it('words the problems of a refused submission in French', async () => {
    renderOverBridge(<DraftSubmitBar draft={draft} text={draftText} writable onGoTo={() => undefined} onDeleted={() => undefined} />, { 'ops:drafts.submit': { ok: false, problems } }, 'fr');
    fireEvent.click(screen.getByTestId('patch-submit-button'));
    const refused = await screen.findByTestId('patch-submit-problems');
    expect(within(refused).getAllByTestId('patch-problem-sentence')[0]!.textContent).toBe('actions.0.factor : Doit être au plus 10.');
  });

  it('shows a problem of code "other" as its message, with no detail', () => {
    const other = { path: 'step', code: 'other' as const, params: {}, message: 'step: must be a multiple of 5', line: 2, column: 3 };
    renderOverBridge(<ProblemsList problems={[other]} onGoTo={() => undefined} />, {}, 'fr');
    const item = screen.getByTestId('patch-problem');
    expect(within(item).getByTestId('patch-problem-sentence').textContent).toBe(other.message);
    expect(within(item).queryByTestId('patch-problem-detail')).toBeNull();
  });
});
