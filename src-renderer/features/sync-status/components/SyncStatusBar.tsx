import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { useSyncNowMutation } from '../mutations.js';
import { syncStatusQuery } from '../../../infra/sync-status.js';

const CONNECTIVITY_LABELS = { online: 'Online', offline: 'Offline', connecting: 'Connecting…' } as const;

function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString() : 'never';
}

/** The bar at the bottom of the window: connectivity, last sync, outbox size and open conflicts. */
export function SyncStatusBar() {
  const api = useOpsApi();
  const status = useQuery(syncStatusQuery(api));
  const syncNow = useSyncNowMutation();

  if (!status.isSuccess) {
    return (
      <footer className="status-bar" data-testid="sync-status-bar">
        {status.isError ? `Sync status unavailable: ${status.error.message}` : 'Reading sync status…'}
      </footer>
    );
  }
  const s = status.data;
  return (
    <footer className="status-bar" data-testid="sync-status-bar" data-syncing={s.syncing} data-initial-sync-done={s.initialSyncDone}>
      <span className={`dot dot-${s.connectivity}`} aria-hidden="true" />
      <span data-testid="sync-connectivity" data-value={s.connectivity}>
        {CONNECTIVITY_LABELS[s.connectivity]}
      </span>
      {s.profile && <span className="muted">{s.profile.name}</span>}
      <span>
        Last sync: <span data-testid="sync-last-success">{formatTime(s.lastSuccessAt)}</span>
      </span>
      <span>
        Outbox: <span data-testid="sync-outbox-depth" data-value={s.outboxDepth}>{s.outboxDepth}</span>
        {s.outboxRejected > 0 && <span className="error"> ({s.outboxRejected} refused)</span>}
      </span>
      <span>
        Conflicts: <span data-testid="sync-conflicts" data-value={s.conflicts}>{s.conflicts}</span>
      </span>
      {s.syncing && <span className="muted">syncing…</span>}
      {s.lastError && (
        <span className="error" data-testid="sync-last-error" title={s.lastError}>
          {s.lastError}
        </span>
      )}
      <button type="button" className="status-action" data-testid="sync-now" disabled={syncNow.isPending} onClick={() => syncNow.mutate()}>
        Sync now
      </button>
    </footer>
  );
}
