import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../../app/bridge-context.js';
import { useLogScope, useLogScopeChanged, type LogScope } from '../filter-store.js';
import { syncStatusQuery } from '../../sync-status/queries.js';
import { logListQuery, type LogListFilters } from '../queries.js';
import { HealingLogRow } from './HealingLogRow.js';

const FILTERS: Record<LogScope, LogListFilters> = {
  review: { status: ['pending_review'], sort: 'severity_desc_confidence_asc', limit: 100 },
  all: { sort: 'newest', limit: 100 },
};

/** The cached healing logs: the review queue by default, or every log. */
export function HealingLogList() {
  const api = useOpsApi();
  const scope = useLogScope();
  const scopeChanged = useLogScopeChanged();
  const logs = useQuery(logListQuery(api, FILTERS[scope]));
  const reviewer = useQuery({ ...syncStatusQuery(api), select: (status) => status.identity?.name ?? null }).data ?? null;

  return (
    <section className="page" aria-labelledby="logs-title">
      <header className="page-header">
        <h1 id="logs-title">Healing logs</h1>
        <label className="inline-field">
          Show
          <select data-testid="log-scope" value={scope} onChange={(event) => scopeChanged(event.target.value as LogScope)}>
            <option value="review">Waiting for review</option>
            <option value="all">All cached logs</option>
          </select>
        </label>
      </header>
      {logs.isPending && <p className="muted">Reading the cache…</p>}
      {logs.isError && <p className="error" role="alert">The logs could not be read: {logs.error.message}</p>}
      {logs.isSuccess && logs.data.items.length === 0 && (
        <p className="muted" data-testid="log-list-empty">
          No logs here yet. They appear as soon as the first sync brings them in.
        </p>
      )}
      {logs.isSuccess && logs.data.items.length > 0 && (
        <table className="log-table" data-testid="log-list">
          <thead>
            <tr>
              <th>Severity</th>
              <th>Plugin</th>
              <th>Issue</th>
              <th>Confidence</th>
              <th>Status</th>
              <th>Decision</th>
            </tr>
          </thead>
          <tbody>
            {logs.data.items.map((item) => (
              <HealingLogRow key={item.log.id} item={item} reviewer={reviewer} />
            ))}
          </tbody>
        </table>
      )}
      {logs.isSuccess && logs.data.hasMore && <p className="muted">Showing the first {logs.data.items.length}.</p>}
    </section>
  );
}
