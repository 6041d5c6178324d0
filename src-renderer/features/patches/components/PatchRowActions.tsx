import { useIntl } from 'react-intl';
import type { PatchRow } from '../../../../src-shared/ipc/patches.js';
import { useNewDraftMutation } from '../../../shared/patch-registry/new-draft.js';
import { useReactivatePatchMutation } from '../mutations.js';
import { patchesUi } from '../patches-store.js';

/** A dev_admin's actions on one patch: deactivate (confirmed first), reactivate, start a new version. */
export function PatchRowActions({ row }: { row: PatchRow }) {
  const intl = useIntl();
  const reactivate = useReactivatePatchMutation();
  const newDraft = useNewDraftMutation();
  const name = { signature: row.error_signature };
  const busy = row.localState === 'queued';
  return (
    <span className="actions patch-actions">
      {row.state === 'deactivated' ? (
        <button
          type="button"
          data-testid="patch-reactivate"
          disabled={busy || reactivate.isPending}
          aria-label={intl.formatMessage({ id: 'patches.action.reactivateNamed' }, name)}
          onClick={() => reactivate.mutate({ patchId: row.id, signature: row.error_signature })}
        >
          {intl.formatMessage({ id: 'patches.action.reactivate' })}
        </button>
      ) : (
        <>
          <button
            type="button"
            data-testid="patch-new-version"
            disabled={newDraft.isPending}
            aria-label={intl.formatMessage({ id: 'patches.action.newVersionNamed' }, name)}
            onClick={() => newDraft.mutate({ patchId: row.id })}
          >
            {intl.formatMessage({ id: 'patches.action.newVersion' })}
          </button>
          <button
            type="button"
            className="danger-outline"
            data-testid="patch-deactivate"
            disabled={busy}
            aria-haspopup="dialog"
            aria-label={intl.formatMessage({ id: 'patches.action.deactivateNamed' }, name)}
            onClick={() => patchesUi.deactivateAsked(row.id)}
          >
            {intl.formatMessage({ id: 'patches.action.deactivate' })}
          </button>
        </>
      )}
    </span>
  );
}
