import { useId, useState } from 'react';
import { useIntl } from 'react-intl';
import { formatNumber } from '../../../../src-shared/domain/locale-format.js';
import type { PatchRow } from '../../../../src-shared/ipc/patches.js';
import { useModalDialog } from '../../../shared/use-modal-dialog.js';
import { useDeactivatePatchMutation } from '../mutations.js';
import { patchesUi } from '../patches-store.js';

/**
 * Confirms a deactivation, saying what it costs: how many SDK lookups the patch answered in the last
 * hour (those would have gone unanswered). A modal dialog: the focus starts on Cancel, Escape closes
 * it, and the focus goes back to the row's button.
 */
export function DeactivateDialog({ row }: { row: PatchRow }) {
  const intl = useIntl();
  const id = useId();
  const { dialog, initial: cancel } = useModalDialog<HTMLButtonElement>();
  const [reason, setReason] = useState('');
  const deactivate = useDeactivatePatchMutation();

  const lookups = row.stats?.lookups_1h ?? null;
  const close = () => patchesUi.deactivateAsked(null);
  return (
    <dialog ref={dialog} className="patch-dialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-cost`} data-testid="deactivate-dialog" onClose={close}>
      <h2 id={`${id}-title`}>{intl.formatMessage({ id: 'patches.deactivate.title' }, { signature: row.error_signature })}</h2>
      <p id={`${id}-cost`} data-testid="deactivate-cost">
        {lookups === null
          ? intl.formatMessage({ id: 'patches.deactivate.noFigures' })
          : intl.formatMessage({ id: 'patches.deactivate.cost' }, { count: lookups, formatted: formatNumber(intl.locale, lookups) })}
      </p>
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          const trimmed = reason.trim();
          deactivate.mutate({ patchId: row.id, signature: row.error_signature, ...(trimmed ? { reason: trimmed } : {}) }, { onSettled: close });
        }}
      >
        <label className="field">
          {intl.formatMessage({ id: 'patches.deactivate.reason' })}
          <input data-testid="deactivate-reason" value={reason} maxLength={2000} autoComplete="off" onChange={(event) => setReason(event.target.value)} />
        </label>
        <div className="form-actions">
          <button type="submit" className="danger" data-testid="confirm-deactivate" disabled={deactivate.isPending}>
            {intl.formatMessage({ id: 'patches.deactivate.confirm' })}
          </button>
          <button ref={cancel} type="button" data-testid="cancel-deactivate" onClick={close}>
            {intl.formatMessage({ id: 'patches.deactivate.cancel' })}
          </button>
        </div>
      </form>
    </dialog>
  );
}
