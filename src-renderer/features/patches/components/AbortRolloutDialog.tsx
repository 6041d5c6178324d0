import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import { useModalDialog } from '../../../shared/use-modal-dialog.js';
import { useRolloutActionMutation } from '../mutations.js';

/**
 * Asks why a rollout is aborted (required: it is the halted reason everyone reads), then queues the
 * abort. A modal dialog: the focus starts in the reason, Escape closes it, and the focus goes back to
 * the button that opened it.
 */
export function AbortRolloutDialog({ patchId, version, signature, onClose }: { patchId: string; version: number; signature: string; onClose: () => void }) {
  const intl = useIntl();
  const id = useId();
  const { dialog, initial: input } = useModalDialog<HTMLInputElement>();
  const [reason, setReason] = useState('');
  const abort = useRolloutActionMutation();

  const trimmed = reason.trim();
  return (
    <dialog ref={dialog} className="patch-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-what`} data-testid="abort-rollout-dialog" onClose={onClose}>
      <h2 id={`${id}-title`}>{intl.formatMessage({ id: 'rollouts.abort.title' }, { version, signature })}</h2>
      <p id={`${id}-what`}>{intl.formatMessage({ id: 'rollouts.abort.what' })}</p>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          if (!trimmed) return;
          abort.mutate({ patchId, version, action: 'abort', reason: trimmed, signature }, { onSettled: onClose });
        }}
      >
        <label className="field">
          {intl.formatMessage({ id: 'rollouts.abort.reason' })}
          <input ref={input} data-testid="abort-rollout-reason" value={reason} required maxLength={2000} autoComplete="off" onChange={(event) => setReason(event.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="danger" data-testid="confirm-abort-rollout" disabled={abort.isPending || !trimmed}>
            {intl.formatMessage({ id: 'rollouts.abort.confirm' })}
          </button>
          <button type="button" data-testid="cancel-abort-rollout" onClick={onClose}>
            {intl.formatMessage({ id: 'rollouts.abort.cancel' })}
          </button>
        </div>
      </form>
    </dialog>
  );
}
