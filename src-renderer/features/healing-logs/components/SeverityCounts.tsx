import { useIntl } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import type { TriageFilters } from '../../../../src-shared/ipc/triage.js';
import { SEVERITIES } from '../../../../src-shared/schemas/common.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { useFiltersChanged, useLogFilters } from '../filter-store.js';
import { severityCountsQuery } from '../queries.js';
import { SeverityBadge } from './LogCells.js';

const ORDER = [...SEVERITIES].reverse();

/** How many logs wait for review per severity (under the other filters); each count filters the queue to that severity. */
export function SeverityCounts({ filters }: { filters: TriageFilters }) {
  const intl = useIntl();
  const api = useOpsApi();
  const counts = useQuery(severityCountsQuery(api, filters));
  const chosen = useLogFilters().severity;
  const changed = useFiltersChanged();
  if (counts.isError) return (
      <p className="error" role="alert">
        {intl.formatMessage({ id: 'logs.summary.countsFailed' }, { message: counts.error.message })}
      </p>
    );
  return (
    <div className="severity-counts" role="group" aria-label={intl.formatMessage({ id: 'logs.counts.label' })} data-testid="severity-counts" data-total={counts.data?.total}>
      {ORDER.map((severity) => {
        const active = chosen.includes(severity);
        return (
          <button
            key={severity}
            type="button"
            className={`severity-count${active ? ' is-active' : ''}`}
            aria-pressed={active}
            data-testid={`severity-count-${severity}`}
            data-value={counts.data?.bySeverity[severity]}
            onClick={() => changed({ severity: active ? chosen.filter((s) => s !== severity) : [...chosen, severity] })}
          >
            <SeverityBadge severity={severity} /> <strong>{counts.data ? intl.formatNumber(counts.data.bySeverity[severity]) : '…'}</strong>
          </button>
        );
      })}
    </div>
  );
}
