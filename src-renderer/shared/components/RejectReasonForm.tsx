import { useIntl, type IntlShape } from 'react-intl';
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { DECISIONS_CHANNELS } from '../../../src-shared/ipc/decisions.js';

// The reason is checked with the contract's own schema, so the form and main agree on what passes.
const REASON = DECISIONS_CHANNELS['ops:decisions.reject'].request.shape.reason;
/** The longest reason the contract accepts. */
export const REJECT_REASON_MAX = REASON.maxLength ?? 2000;

interface RejectReasonFormProps {
  /** What is rejected, as the form's heading. */
  title: string;
  /** The heading's level where the form sits (a dialog over the table: 2; inside the detail pane: 4). */
  headingLevel?: 2 | 4;
  /** Prefix of the test ids: `reject-reason`, `confirm-reject`, `cancel-reject`, `reject-dialog`, `reject-error`. */
  testIdPrefix?: string;
  className?: string;
  busy: boolean;
  /** Receives the reason trimmed, once it passes the contract's checks. */
  onSubmit(reason: string): void;
  onCancel(): void;
  /** Where the focus goes back when the form closes; by default (or when that is gone) where it came from. */
  returnFocus?: () => HTMLElement | null;
}

/** What is wrong with a reason the contract refused, in words (the contract's own message when none of ours fits). */
function reasonError(intl: IntlShape, reason: string, schemaMessage: string | undefined): string {
  const length = reason.trim().length;
  if (length === 0) return intl.formatMessage({ id: 'shared.reject.empty' });
  if (length > REJECT_REASON_MAX) return intl.formatMessage({ id: 'shared.reject.tooLong' }, { max: REJECT_REASON_MAX, length });
  return schemaMessage ?? intl.formatMessage({ id: 'shared.reject.refused' });
}

/** Gives the focus to the first candidate still on the page and usable. */
function focusFirst(candidates: (HTMLElement | null | undefined)[]): void {
  const target = candidates.find((element) => element?.isConnected && !element.matches(':disabled'));
  target?.focus();
}

/**
 * The one form that asks for a rejection's reason, in the table's dialog and in the detail pane:
 * required, trimmed, bounded by the contract; Enter submits, Escape cancels; the focus moves into
 * the reason on open and goes back where it came from on close.
 */
export function RejectReasonForm({ title, headingLevel = 2, testIdPrefix = '', className, busy, onSubmit, onCancel, returnFocus }: RejectReasonFormProps) {
  const intl = useIntl();
  const id = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  // Read during the first render, before the input takes the focus: the element that opened the form.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));
  const latestReturn = useRef(returnFocus);
  latestReturn.current = returnFocus;

  useEffect(() => {
    input.current?.focus();
    const form = panel.current;
    // The whole form in view, its buttons too (it may open at the bottom of a scrolled pane).
    form?.scrollIntoView?.({ block: 'nearest' });
    return () => {
      // Give the focus back only when it was in the form (or fell to the page when the form went):
      // a click elsewhere that closed it keeps its own focus.
      const active = document.activeElement;
      if (active && active !== document.body && !form?.contains(active)) return;
      focusFirst([latestReturn.current?.(), opener]);
    };
  }, [opener]);

  useEffect(() => {
    if (error) panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = REASON.safeParse(reason);
    if (!checked.success) {
      setError(reasonError(intl, reason, checked.error.issues[0]?.message));
      input.current?.focus();
      return;
    }
    setError(null);
    onSubmit(checked.data);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    onCancel();
  };

  const Heading = headingLevel === 2 ? 'h2' : 'h4';
  const errorId = `${id}-error`;
  return (
    <div
      ref={panel}
      className={`reject-panel${className ? ` ${className}` : ''}`}
      role="dialog"
      aria-labelledby={`${id}-title`}
      data-testid={`${testIdPrefix}reject-dialog`}
      onKeyDown={onKeyDown}
    >
      <Heading id={`${id}-title`} className="reject-title" title={title}>
        {title}
      </Heading>
      <form className="reject-panel-form" onSubmit={submit} noValidate>
        <label htmlFor={`${id}-reason`}>{intl.formatMessage({ id: 'shared.reject.label' })}</label>
        <input
          ref={input}
          id={`${id}-reason`}
          data-testid={`${testIdPrefix}reject-reason`}
          value={reason}
          maxLength={REJECT_REASON_MAX}
          required
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onChange={(event) => {
            setReason(event.target.value);
            if (error) setError(null);
          }}
        />
        <div className="reject-actions">
          <button type="submit" className="danger" data-testid={`${testIdPrefix}confirm-reject`} disabled={busy}>
            {intl.formatMessage({ id: 'shared.reject.submit' })}
          </button>
          <button type="button" data-testid={`${testIdPrefix}cancel-reject`} onClick={onCancel}>
            {intl.formatMessage({ id: 'shared.reject.cancel' })}
          </button>
        </div>
        {error && (
          <p id={errorId} className="field-error" role="alert" data-testid={`${testIdPrefix}reject-error`}>
            {error}
          </p>
        )}
      </form>
    </div>
  );
}
