// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DECISIONS_CHANNELS } from '../../../src-shared/ipc/decisions.js';
import { REJECT_REASON_MAX, RejectReasonForm } from './RejectReasonForm.js';
import { inLocale } from '../../infra/i18n/in-locale.js';

/** A page with the button that opens the form, and somewhere else focus may be sent back to. */
function Harness({ onSubmit, returnTo }: { onSubmit: (reason: string) => void; returnTo?: 'elsewhere' }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Reject…
      </button>
      <button type="button" data-testid="elsewhere">
        Next row
      </button>
      {open && (
        <RejectReasonForm
          title="Reject wc-shop: Unknown column"
          busy={false}
          onSubmit={(reason) => {
            onSubmit(reason);
            setOpen(false);
          }}
          onCancel={() => setOpen(false)}
          {...(returnTo ? { returnFocus: () => screen.getByTestId('elsewhere') } : {})}
        />
      )}
    </>
  );
}

async function openForm(onSubmit = vi.fn(), returnTo?: 'elsewhere') {
  const user = userEvent.setup();
  render(<Harness onSubmit={onSubmit} {...(returnTo ? { returnTo } : {})} />, { wrapper: inLocale('en') });
  await user.click(screen.getByRole('button', { name: 'Reject…' }));
  return { user, onSubmit };
}

describe('the reject form', () => {
  afterEach(cleanup);

  it('is a dialog named by its title whose labelled reason takes the focus', async () => {
    await openForm();
    expect(screen.getByRole('dialog', { name: 'Reject wc-shop: Unknown column' })).toBeTruthy();
    const reason = screen.getByLabelText('Reason for rejecting');
    expect(reason).toBe(screen.getByTestId('reject-reason'));
    expect(document.activeElement).toBe(reason);
  });

  it('submits the trimmed reason with Enter and gives the focus back to the button that opened it', async () => {
    const { user, onSubmit } = await openForm();
    await user.keyboard('  touches the refund amount  {Enter}');
    expect(onSubmit).toHaveBeenCalledWith('touches the refund amount');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Reject…' }));
  });

  it('refuses a blank reason with a message tied to the field, and submits nothing', async () => {
    const { user, onSubmit } = await openForm();
    await user.keyboard('   {Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    const reason = screen.getByTestId('reject-reason');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    const error = screen.getByRole('alert');
    expect(error.textContent).toMatch(/Give a reason/);
    expect(reason.getAttribute('aria-describedby')).toBe(error.id);
    await user.keyboard('duplicate');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('holds the reason to the contract’s length limit', async () => {
    const { onSubmit } = await openForm();
    expect(REJECT_REASON_MAX).toBe(DECISIONS_CHANNELS['ops:decisions.reject'].request.shape.reason.maxLength);
    const reason = screen.getByTestId('reject-reason');
    expect(reason.getAttribute('maxlength')).toBe(String(REJECT_REASON_MAX));
    // A value set around the attribute (a script, an extension) still meets the contract's check.
    fireEvent.change(reason, { target: { value: 'x'.repeat(REJECT_REASON_MAX + 1) } });
    fireEvent.submit(reason.closest('form')!);
    expect(onSubmit).not.toHaveBeenCalled();
    const count = (value: number) => value.toLocaleString('en');
    expect(screen.getByRole('alert').textContent).toBe(`Keep the reason to ${count(REJECT_REASON_MAX)} characters (it has ${count(REJECT_REASON_MAX + 1)}).`);
  });

  it('cancels with Escape and sends the focus where the caller asks', async () => {
    const { user, onSubmit } = await openForm(vi.fn(), 'elsewhere');
    await user.keyboard('half a reason{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(onSubmit).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(screen.getByTestId('elsewhere'));
  });
});
