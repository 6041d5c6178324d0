// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ComponentProps } from 'react';
import { I18nProvider } from '../../../infra/i18n/I18nProvider.js';
import { ApprovalsTally as Tally } from './ApprovalsTally.js';

function ApprovalsTally(props: ComponentProps<typeof Tally>) {
  return (
    <I18nProvider locale="en">
      <Tally {...props} />
    </I18nProvider>
  );
}

const approval = (by: string, token_id?: string) => ({ by, role: 'reviewer', at: '2026-01-01T10:00:00Z', ...(token_id ? { token_id } : {}) });

describe('the approvals tally', () => {
  afterEach(cleanup);

  it('shows who approved and how many approvals remain', () => {
    render(<ApprovalsTally log={{ required_approvals: 3, approvals: [approval('alice', 't1')] }} />);
    expect(screen.getByTestId('approvals-tally').getAttribute('data-remaining')).toBe('2');
    expect(screen.getByTestId('approvals-remaining').textContent).toBe('2 more approvals needed.');
    expect(screen.getAllByTestId('approval-entry').map((e) => e.textContent)).toEqual([expect.stringContaining('alice')]);
  });

  it('counts one reviewer once even when the approval repeats', () => {
    render(<ApprovalsTally log={{ required_approvals: 2, approvals: [approval('bob', 't2'), approval('bob', 't2')] }} />);
    expect(screen.getByTestId('approvals-remaining').textContent).toBe('1 more approval needed.');
    expect(screen.getAllByTestId('approval-entry')).toHaveLength(1);
  });

  it('says fully approved when enough distinct reviewers approved', () => {
    render(<ApprovalsTally log={{ required_approvals: 2, approvals: [approval('a', 't1'), approval('b', 't2')] }} />);
    expect(screen.getByTestId('approvals-remaining').textContent).toBe('Fully approved.');
  });

  it('stays out of the way when one approval is enough', () => {
    render(<ApprovalsTally log={{ required_approvals: 1, approvals: [] }} />);
    expect(screen.queryByTestId('approvals-tally')).toBeNull();
  });
});
