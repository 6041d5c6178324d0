import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatDate, formatNumber, formatPercent } from '../../../../src-shared/domain/locale-format.js';
import type { AlertView } from '../../../../src-shared/ipc/rollouts.js';
import type { SelfHealAlert } from '../../../../src-shared/schemas/self-heal-alerts.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { openPatch } from '../../../shared/navigation-store.js';
import { FiguresAge } from '../../../shared/patch-registry/FiguresAge.js';
import { alertsQuery } from '../queries.js';

/** A measured value as its alert reads it: a rate as a percentage, the volume in applications per minute. */
function measure(locale: string, alert: SelfHealAlert, value: number): string {
  return alert.name === 'SelfHealHighVolume' ? formatNumber(locale, value, 0) : formatPercent(locale, value, 1);
}

function When({ at }: { at: string | null }) {
  const intl = useIntl();
  if (at === null) return <span className="muted">{intl.formatMessage({ id: 'alerts.notYet' })}</span>;
  return <time dateTime={at}>{formatDate(intl.locale, at)}</time>;
}

function AlertRow({ view }: { view: AlertView }) {
  const intl = useIntl();
  const { alert } = view;
  const value = alert.name === 'SelfHealRolloutHalted' || alert.value === null
    ? intl.formatMessage({ id: 'alerts.value.none' })
    : intl.formatMessage(
        { id: 'alerts.value' },
        { name: alert.name, value: measure(intl.locale, alert, alert.value), threshold: measure(intl.locale, alert, alert.threshold) },
      );
  return (
    <tr data-testid="alert-row" data-alert-id={alert.id} data-name={alert.name} data-state={alert.state} data-patch-id={alert.patch_id ?? undefined}>
      <th scope="row">
        {intl.formatMessage({ id: `alerts.name.${alert.name}` })}
        <br />
        <span className={`small alert-severity alert-severity-${alert.severity}`}>{intl.formatMessage({ id: `alerts.severity.${alert.severity}` })}</span>
      </th>
      <td>
        <span className={`alert-state alert-state-${alert.state}`}>{intl.formatMessage({ id: `alerts.state.${alert.state}` })}</span>
      </td>
      <td>
        {alert.patch_id === null ? (
          <span className="muted">{intl.formatMessage({ id: 'alerts.allPatches' })}</span>
        ) : (
          <button type="button" className="link" data-testid="alert-open-patch" onClick={() => openPatch(alert.patch_id!)}>
            <span data-i18n-data>{view.errorSignature ?? alert.patch_id.slice(0, 8)}</span>
          </button>
        )}
      </td>
      <td className="figure">{value}</td>
      <td>
        <When at={alert.active_at} />
      </td>
      <td>
        <When at={alert.fired_at} />
      </td>
      <td>
        <When at={alert.resolved_at} />
      </td>
    </tr>
  );
}

/**
 * The runbook's alerts where an ops engineer looks first: what fires or is about to (pending), and
 * what resolved in the last 7 days, with their times in the reader's locale and time zone, the
 * measured value against its threshold, and the patch each is about.
 */
export function AlertsSection() {
  const intl = useIntl();
  const api = useOpsApi();
  const alerts = useQuery(alertsQuery(api));
  const rows = alerts.data?.alerts ?? [];
  const count = (state: SelfHealAlert['state']) => rows.filter((row) => row.alert.state === state).length;
  return (
    <section className="runbook-section runbook-alerts" aria-labelledby="alerts-title" data-testid="runbook-alerts" data-firing={count('firing')}>
      <header className="section-heading runbook-alerts-header">
        <h2 id="alerts-title">{intl.formatMessage({ id: 'alerts.title' })}</h2>
        {alerts.data && (
          <p className="small" role="status" data-testid="alerts-counts">
            {intl.formatMessage({ id: 'alerts.counts' }, { firing: count('firing'), pending: count('pending'), resolved: count('resolved') })}
          </p>
        )}
        {alerts.data && <FiguresAge stats={alerts.data.age} source="rollouts" />}
      </header>
      {alerts.isError && <p className="error" role="alert">{intl.formatMessage({ id: 'alerts.failed' }, { message: alerts.error.message })}</p>}
      {alerts.data && rows.length === 0 && <p className="muted" data-testid="alerts-none">{intl.formatMessage({ id: 'alerts.none' })}</p>}
      {rows.length > 0 && (
        <div className="runbook-table-frame">
          <table className="runbook-table alerts-table">
            <caption className="visually-hidden">{intl.formatMessage({ id: 'alerts.title' })}</caption>
            <thead>
              <tr>
                {(['alert', 'state', 'patch', 'value', 'activeAt', 'firedAt', 'resolvedAt'] as const).map((column) => (
                  <th key={column} scope="col">
                    {intl.formatMessage({ id: `alerts.column.${column}` })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((view) => (
                <AlertRow key={view.alert.id} view={view} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
