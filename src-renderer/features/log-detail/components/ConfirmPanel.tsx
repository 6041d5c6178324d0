import { useEffect, useRef, type ReactNode } from 'react';
import { useIntl } from 'react-intl';

/** An inline confirmation (the table stays visible): says what will happen, then confirm or cancel. */
export function ConfirmPanel({
  title,
  children,
  confirmLabel,
  busy,
  onConfirm,
  onCancel,
}: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const intl = useIntl();
  const confirm = useRef<HTMLButtonElement>(null);
  const focused = useRef(false);
  // Focus goes to the confirm button once it can be pressed (it waits while the panel reads what it states).
  useEffect(() => {
    if (busy || focused.current) return;
    confirm.current?.focus();
    focused.current = true;
  }, [busy]);
  return (
    <div
      className="confirm-panel"
      role="alertdialog"
      aria-labelledby="confirm-title"
      data-testid="confirm-panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <h4 id="confirm-title">{title}</h4>
      <div>{children}</div>
      <div className="button-row">
        <button ref={confirm} type="button" className="danger" data-testid="confirm-action" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" data-testid="cancel-action" onClick={onCancel}>
          {intl.formatMessage({ id: 'logDetail.confirm.cancel' })}
        </button>
      </div>
    </div>
  );
}
