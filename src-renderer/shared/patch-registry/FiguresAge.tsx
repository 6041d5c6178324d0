import { useMutation } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatDate, formatRelativeTime } from '../../../src-shared/domain/locale-format.js';
import type { StatsAge } from '../../../src-shared/ipc/patches.js';
import { useMinuteClock } from '../use-minute-clock.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { reportError } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';

/** What the figures are: the field figures and runbook, or the rollouts and alerts (each refreshed by its own channel). */
export type FiguresSource = 'field' | 'rollouts';

/**
 * How old the cached field figures (or rollouts and alerts) are ("figures from 12 minutes ago"),
 * offline too, and a button that asks the backend for fresh ones now; the cache change that follows
 * refreshes every table showing them.
 */
export function FiguresAge({ stats, source = 'field' }: { stats: StatsAge; source?: FiguresSource }) {
  const intl = useIntl();
  const api = useOpsApi();
  const now = useMinuteClock();
  const refresh = useMutation({
    mutationFn: async () => {
      await (source === 'rollouts' ? call(api, 'ops:rollouts.refresh', {}) : call(api, 'ops:patches.refreshStats', {}));
    },
    onError: (error) => reportError(intl.formatMessage({ id: 'figures.refresh.action' }, { source }), error),
  });
  const at = stats.computedAt;
  return (
    <div className="figures-age" data-testid={source === 'field' ? 'figures-age' : `${source}-age`} data-computed-at={at ?? undefined}>
      <span className="muted small">
        {at === null ? (
          intl.formatMessage({ id: 'figures.never' }, { source })
        ) : (
          <time dateTime={at} title={
              stats.refreshedAt
                ? intl.formatMessage({ id: 'figures.exactReceived' }, { at: formatDate(intl.locale, at), received: formatDate(intl.locale, stats.refreshedAt) })
                : intl.formatMessage({ id: 'figures.exact' }, { at: formatDate(intl.locale, at) })
            }>
            {intl.formatMessage({ id: 'figures.age' }, { age: formatRelativeTime(intl.locale, at, Math.max(now, Date.parse(at))) })}
          </time>
        )}
      </span>
      <button type="button" data-testid={source === 'field' ? 'figures-refresh' : `${source}-refresh`} disabled={refresh.isPending} onClick={() => refresh.mutate()}>
        {intl.formatMessage({ id: refresh.isPending ? 'figures.refreshing' : 'figures.refresh' })}
      </button>
    </div>
  );
}
