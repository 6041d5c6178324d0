import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useIntl } from 'react-intl';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { FiguresAge } from '../../../shared/patch-registry/FiguresAge.js';
import { QueryState } from '../../../shared/patch-registry/QueryState.js';
import { useNewDraftMutation } from '../../../shared/patch-registry/new-draft.js';
import { mayAuthorPatches, useRole } from '../../../shared/patch-registry/roles.js';
import { patchRequestHandled, useRequestedPatchId } from '../../../shared/navigation-store.js';
import { patchesUi, useDeactivatingId, useOpenPatchId, usePatchFilters, usePatchSort } from '../patches-store.js';
import { patchListQuery } from '../queries.js';
import { DeactivateDialog } from './DeactivateDialog.js';
import { PatchDetailPanel } from './PatchDetailPanel.js';
import { PatchFilterBar } from './PatchFilterBar.js';
import { PatchTable } from './PatchTable.js';
import '../patches.css';

/** The SDK patch registry: every patch with its state and field figures; dev_admin acts on them. */
export function PatchesPage() {
  const intl = useIntl();
  const api = useOpsApi();
  const filters = usePatchFilters();
  const sort = usePatchSort();
  const list = useQuery(patchListQuery(api, { filters, sort }));
  const canAuthor = mayAuthorPatches(useRole());
  const newDraft = useNewDraftMutation();
  const openPatchId = useOpenPatchId();
  // Another screen (an alert) asked for a patch: its page opens on it.
  const requestedPatchId = useRequestedPatchId();
  useEffect(() => {
    if (requestedPatchId === null) return;
    patchesUi.patchOpened(requestedPatchId);
    patchRequestHandled();
  }, [requestedPatchId]);
  const deactivatingId = useDeactivatingId();
  const deactivating = deactivatingId ? list.data?.rows.find((row) => row.id === deactivatingId) : undefined;
  const rows = list.data?.rows ?? [];
  const state = list.isPending ? 'loading' : list.isError ? 'error' : rows.length === 0 ? 'empty' : 'ready';
  return (
    <section className="page patches-page" aria-labelledby="patches-title" data-testid="patches-page" data-state={state} data-stale={list.isPlaceholderData ? 'true' : undefined}>
      <header className="page-header">
        <h1 id="patches-title">{intl.formatMessage({ id: 'patches.title' })}</h1>
        <div className="page-tools">
          {list.data && <FiguresAge stats={list.data.stats} />}
          {canAuthor && (
            <button type="button" className="primary" data-testid="patch-new" disabled={newDraft.isPending} onClick={() => newDraft.mutate({})}>
              {intl.formatMessage({ id: 'patches.new' })}
            </button>
          )}
        </div>
      </header>
      <PatchFilterBar />
      {list.data && (
        <p className="muted small" role="status" data-testid="patch-count">
          {intl.formatMessage({ id: 'patches.count' }, { shown: rows.length, total: list.data.total })}
        </p>
      )}
      <QueryState
        state={state}
        testId="patches"
        loading={intl.formatMessage({ id: 'patches.loading' })}
        failed={intl.formatMessage({ id: 'patches.failed' }, { message: list.error?.message ?? '' })}
        empty={intl.formatMessage({ id: (list.data?.total ?? 0) === 0 ? 'patches.empty' : 'patches.filteredEmpty' })}
        onRetry={() => void list.refetch()}
      />
      <div className="patches-split" data-detail={openPatchId ? 'open' : 'closed'}>
        {state === 'ready' && <PatchTable rows={rows} canAuthor={canAuthor} />}
        {openPatchId && <PatchDetailPanel patchId={openPatchId} />}
      </div>
      {deactivating && <DeactivateDialog key={deactivating.id} row={deactivating} />}
    </section>
  );
}
