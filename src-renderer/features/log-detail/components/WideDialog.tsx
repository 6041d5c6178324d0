import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';

/**
 * A section that can open at the window's full width: a button beside its heading opens a modal
 * dialog with the same content; Escape or Close shuts it and focus returns to the button.
 */
export function WideDialog({ title, testId, children }: { title: string; testId: string; children: (wide: boolean) => ReactNode }) {
  const intl = useIntl();
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <>
      <button ref={opener} type="button" className="wide-open" data-testid={`${testId}-open`} aria-haspopup="dialog" onClick={() => setOpen(true)}>
        {intl.formatMessage({ id: 'logDetail.wide.open' })}
      </button>
      <dialog
        ref={dialog}
        className="wide-dialog"
        aria-labelledby={`${testId}-title`}
        data-testid={testId}
        onClose={() => {
          setOpen(false);
          opener.current?.focus();
        }}
      >
        <header className="wide-dialog-header">
          <h2 id={`${testId}-title`}>{title}</h2>
          <button type="button" data-testid={`${testId}-close`} onClick={() => setOpen(false)}>
            {intl.formatMessage({ id: 'logDetail.wide.close' })}
          </button>
        </header>
        {open && children(true)}
      </dialog>
    </>
  );
}
