import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { syncStatusQuery } from '../../../infra/sync-status.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { SyncBackend } from '../backend/SyncBackend.js';
import { useSyncNowMutation } from '../mutations.js';

/** A labelled count; the figure keeps its own element (tests and the bench read it), the label comes from the catalog. */
function Figure({ id, testId, value }: { id: string; testId: string; value: number }) {
  const intl = useIntl();
  const figure = (
    <span key="count" data-testid={testId} data-value={value}>
      {intl.formatNumber(value)}
    </span>
  );
  return <>{intl.formatMessage({ id }, { count: figure })}</>;
}

/** The bar at the bottom of the window: connectivity, last sync, outbox size and open conflicts. */
export function SyncStatusBar() {
  const api = useOpsApi();
  const intl = useIntl();
  const status = useQuery(syncStatusQuery(api));
  const syncNow = useSyncNowMutation();

  if (!status.isSuccess) {
    return (
      <footer className="status-bar" data-testid="sync-status-bar">
        {status.isError
          ? intl.formatMessage({ id: 'syncStatus.unavailable' }, { reason: errorText(intl, status.error) })
          : intl.formatMessage({ id: 'syncStatus.reading' })}
      </footer>
    );
  }
  const s = status.data;
  return (
    <footer className="status-bar" data-testid="sync-status-bar" data-syncing={s.syncing} data-initial-sync-done={s.initialSyncDone}>
      <span className={`dot dot-${s.connectivity}`} aria-hidden="true" />
      <span data-testid="sync-connectivity" data-value={s.connectivity}>
        {intl.formatMessage({ id: `syncStatus.connectivity.${s.connectivity}` })}
      </span>
      <SyncBackend status={s} />
      <span>
        {intl.formatMessage(
          { id: 'syncStatus.lastSync' },
          {
            time: (
              <span key="time" data-testid="sync-last-success">
                {s.lastSuccessAt ? formatDate(intl.locale, s.lastSuccessAt, 'time') : intl.formatMessage({ id: 'syncStatus.never' })}
              </span>
            ),
          },
        )}
      </span>
      <span>
        <Figure id="syncStatus.outbox" testId="sync-outbox-depth" value={s.outboxDepth} />
        {s.outboxRejected > 0 && <span className="error"> {intl.formatMessage({ id: 'syncStatus.refused' }, { count: s.outboxRejected })}</span>}
      </span>
      <span>
        <Figure id="syncStatus.conflicts" testId="sync-conflicts" value={s.conflicts} />
      </span>
      {s.syncing && <span className="muted">{intl.formatMessage({ id: 'syncStatus.syncing' })}</span>}
      {/* While the backend cannot be used, SyncBackend says why in the reader's language; the raw error is its tooltip. */}
      {s.lastError && !s.offline && (
        <span className="error" data-testid="sync-last-error" title={s.lastError}>
          {s.lastError}
        </span>
      )}
      <button type="button" className="status-action" data-testid="sync-now" disabled={syncNow.isPending} onClick={() => syncNow.mutate()}>
        {intl.formatMessage({ id: 'syncStatus.syncNow' })}
      </button>
    </footer>
  );
}
