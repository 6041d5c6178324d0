import { useQuery } from '@tanstack/react-query';
import { useMemo, type Ref } from 'react';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { useSelectionStore } from '../../../shared/selection-store.js';
import { syncStatusQuery } from '../../../infra/sync-status.js';
import { buildDiffInput } from '../diff-input.js';
import { logDetailQuery } from '../queries.js';
import '../../../shared/detail-panels.css';
import { useIntl } from 'react-intl';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { ApprovalsTally } from './ApprovalsTally.js';
import { AuditTrail } from './AuditTrail.js';
import { CommandList } from './CommandList.js';
import { DetailActions } from './DetailActions.js';
import { DetailSummary } from './DetailSummary.js';
import { PatchPreview } from './PatchPreview.js';
import { PauseBanner } from './PauseBanner.js';

/** The selected log's details, beside the table: everything from the cache, the audit trail from the backend. */
function LogDetail({ logId }: { logId: string }) {
  const api = useOpsApi();
  const intl = useIntl();
  const detail = useQuery(logDetailQuery(api, logId));
  const identity = useQuery({ ...syncStatusQuery(api), select: (s) => s.identity }).data ?? null;
  const diff = useMemo(() => (detail.data ? buildDiffInput(detail.data.item.log, detail.data.snapshots) : null), [detail.data]);

  if (detail.isPending) return <p className="muted">{intl.formatMessage({ id: 'logDetail.pane.reading' })}</p>;
  if (detail.isError) {
    return (
      <p className="error" role="alert">
        {intl.formatMessage({ id: 'logDetail.pane.readFailed' }, { reason: errorText(intl, detail.error) })}
      </p>
    );
  }
  const { item, plugin, commands } = detail.data;
  return (
    <div data-testid="log-detail" data-log-id={logId} data-status={item.log.status} data-local-state={item.localState}>
      <PauseBanner logId={logId} role={identity?.role ?? null} />
      <DetailSummary item={item} plugin={plugin} />
      <ApprovalsTally log={item.log} />
      <DetailActions item={item} me={identity?.name ?? null} />
      <PatchPreview logId={logId} fallback={diff} />
      <CommandList commands={commands} />
      <AuditTrail logId={logId} />
    </div>
  );
}

/** The detail pane: the selected log, or a hint to pick one. */
export function LogDetailPane({ ref }: { ref?: Ref<HTMLElement> }) {
  const selectedId = useSelectionStore((state) => state.selectedId);
  const logSelected = useSelectionStore((state) => state.logSelected);
  const intl = useIntl();
  return (
    <aside ref={ref} className="detail-pane" aria-labelledby={selectedId ? 'detail-title' : undefined} aria-label={selectedId ? undefined : intl.formatMessage({ id: 'logDetail.pane.label' })} data-testid="detail-pane">
      {selectedId ? (
        <>
          <button type="button" className="detail-close" aria-label={intl.formatMessage({ id: 'logDetail.pane.close' })} onClick={() => logSelected(null)}>
            ×
          </button>
          <LogDetail key={selectedId} logId={selectedId} />
        </>
      ) : (
        <p className="muted" data-testid="detail-empty">
          {intl.formatMessage({ id: 'logDetail.pane.empty' })}
        </p>
      )}
    </aside>
  );
}
