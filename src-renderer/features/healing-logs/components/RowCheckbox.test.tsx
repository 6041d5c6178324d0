// @vitest-environment happy-dom
import { act, cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TriageRow } from '../../../../src-shared/ipc/triage.js';
import { checks, useCheckedIds } from '../check-store.js';
import { checkClicked } from '../range-selection.js';
import { RowCheckbox } from './RowCheckbox.js';
import { inLocale } from '../../../infra/i18n/in-locale.js';

const ids = Array.from({ length: 8 }, (_, i) => `log-${i}`);
const row = (id: string) => ({ log: { id, plugin_id: 'p', detected_issue: id } }) as unknown as TriageRow;
const idAt = (index: number) => ids[index];

function Checked() {
  return <output data-testid="checked">{[...useCheckedIds()].sort().join(',')}</output>;
}

function Rows({ loaded = ids.length }: { loaded?: number }) {
  return (
    <>
      {ids.map((id, index) => (
        <RowCheckbox key={id} index={index} row={index < loaded ? row(id) : undefined} idAt={(i) => (i < loaded ? idAt(i) : undefined)} />
      ))}
      <Checked />
    </>
  );
}

const boxes = () => screen.getAllByRole('checkbox');
const checkedText = () => screen.getByTestId('checked').textContent;

describe('range selection with shift-click', () => {
  beforeEach(() => act(() => checks.checksCleared()));
  afterEach(cleanup);

  it('checks every row from the last click to a shift-clicked one, in either direction', async () => {
    const user = userEvent.setup();
    render(<Rows />, { wrapper: inLocale('en') });
    await user.click(boxes()[5]!);
    await user.keyboard('{Shift>}');
    await user.click(boxes()[2]!);
    await user.keyboard('{/Shift}');
    expect(checkedText()).toBe('log-2,log-3,log-4,log-5');
    expect(boxes().map((box) => (box as HTMLInputElement).checked)).toEqual([false, false, true, true, true, true, false, false]);
  });

  it('unchecks a range when the shift-clicked row was checked, keeping the anchor', async () => {
    const user = userEvent.setup();
    render(<Rows />, { wrapper: inLocale('en') });
    await user.click(boxes()[0]!);
    await user.keyboard('{Shift>}');
    await user.click(boxes()[6]!);
    await user.keyboard('{/Shift}');
    expect(checkedText()).toBe('log-0,log-1,log-2,log-3,log-4,log-5,log-6');
    await user.keyboard('{Shift>}');
    await user.click(boxes()[3]!);
    await user.keyboard('{/Shift}');
    expect(checkedText()).toBe('log-4,log-5,log-6');
  });

  it('toggles one row on a plain click and leaves rows not read yet alone', async () => {
    const user = userEvent.setup();
    render(<Rows loaded={5} />, { wrapper: inLocale('en') });
    await user.click(boxes()[1]!);
    await user.click(boxes()[1]!);
    expect(checkedText()).toBe('');
    expect((boxes()[6] as HTMLInputElement).disabled).toBe(true);
    const state = checkClicked({ checked: new Set(), anchor: 3 }, 7, true, (i) => (i < 5 ? idAt(i) : i === 7 ? idAt(7) : undefined));
    expect([...state.checked].sort()).toEqual(['log-3', 'log-4', 'log-7']);
  });
});
