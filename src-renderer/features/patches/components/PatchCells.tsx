import { useIntl } from 'react-intl';
import { formatDate, formatNumber, formatPercent } from '../../../../src-shared/domain/locale-format.js';
import { MIN_APPLICATIONS_FOR_RATE, type PatchAlert, type PatchState } from '../../../../src-shared/domain/sdk-patch-rules.js';
import type { LocalState } from '../../../../src-shared/ipc/model.js';
import type { PatchRow } from '../../../../src-shared/ipc/patches.js';
import { alertThreshold } from '../alert-threshold.js';
import { Icon, type IconName } from '../../../shared/components/icons.js';

const STATE_ICON: Record<PatchState, IconName> = { draft: 'circle', in_review: 'hourglass', active: 'check', retired: 'circle', deactivated: 'pause' };
const LOCAL_ICON: Record<LocalState, IconName> = { synced: 'check', queued: 'hourglass', conflict: 'warning', rejected: 'warning' };

/** A patch's state in words, with a shape (never colour alone). */
export function PatchStateBadge({ state }: { state: PatchState }) {
  const intl = useIntl();
  return (
    <span className={`patch-state patch-state-${state}`} data-testid="patch-state" data-state={state}>
      <Icon name={STATE_ICON[state]} /> {intl.formatMessage({ id: `patches.state.${state}` })}
    </span>
  );
}

/** A severity as a word (the registry's severities are the healing logs'). */
export function PatchSeverity({ severity }: { severity: string }) {
  const intl = useIntl();
  const known = ['low', 'medium', 'high', 'critical'].includes(severity);
  return (
    <span className={`sev-badge sev-${severity}`}>
      {known ? intl.formatMessage({ id: `shared.severity.${severity}` }) : <span data-i18n-data>{severity}</span>}
    </span>
  );
}

/** A missing figure: a dash that says why (in its tooltip and to screen readers). */
export function ExplainedDash({ why }: { why: string }) {
  const intl = useIntl();
  return (
    <span className="explained-dash muted" title={why} data-testid="explained-dash">
      <span aria-hidden="true">{intl.formatMessage({ id: 'patches.figure.dash' })}</span>
      <span className="visually-hidden">{why}</span>
    </span>
  );
}

/** The figures cells: a count, a rate or a dash explaining why there is none. */
export function FigureCell({ row, figure }: { row: PatchRow; figure: 'applications_7d' | 'success_rate_7d' | 'rollback_rate_24h' }) {
  const intl = useIntl();
  const stats = row.stats;
  if (stats === null) return <ExplainedDash why={intl.formatMessage({ id: 'patches.figure.noFigures' })} />;
  if (figure === 'applications_7d') return <span className="figure">{formatNumber(intl.locale, stats.applications_7d)}</span>;
  if (figure === 'success_rate_7d') {
    return stats.success_rate_7d === null ? (
      <ExplainedDash why={intl.formatMessage({ id: 'patches.figure.noApplications' })} />
    ) : (
      <span className="figure">{formatPercent(intl.locale, stats.success_rate_7d)}</span>
    );
  }
  return stats.rollback_rate_24h === null ? (
    <ExplainedDash why={intl.formatMessage({ id: 'patches.figure.tooFewApplications' }, { count: stats.applications_24h, min: MIN_APPLICATIONS_FOR_RATE })} />
  ) : (
    <span className="figure" title={intl.formatMessage({ id: 'patches.figure.rollbacks' }, { rollbacks: stats.rollbacks_24h, applications: stats.applications_24h })}>
      {formatPercent(intl.locale, stats.rollback_rate_24h)}
    </span>
  );
}

/** When something last happened, as the reader's locale writes a date and time. */
export function WhenCell({ at }: { at: string | null }) {
  const intl = useIntl();
  if (at === null) return <ExplainedDash why={intl.formatMessage({ id: 'patches.figure.neverSeen' })} />;
  return <time dateTime={at}>{formatDate(intl.locale, at, 'dateTime')}</time>;
}

/** The runbook alerts the figures raise, as badges with their threshold in words. */
export function AlertBadges({ alerts }: { alerts: readonly PatchAlert[] }) {
  const intl = useIntl();
  return (
    <span className="patch-alerts">
      {alerts.map((alert) => (
        <span key={alert} className="patch-alert" data-testid="patch-alert" data-alert={alert}>
          <Icon name="warning" /> {intl.formatMessage({ id: `patches.alert.${alert}` }, { rate: alertThreshold(intl.locale, alert) })}
        </span>
      ))}
    </span>
  );
}

/** Where the patch stands relative to the server: a decision queued, in conflict or refused. */
export function LocalStateBadge({ state }: { state: LocalState }) {
  const intl = useIntl();
  if (state === 'synced') return null;
  return (
    <span className={`sync-badge sync-${state}`} data-testid="patch-local-state" data-local-state={state} title={intl.formatMessage({ id: `patches.local.hint.${state}` })}>
      <Icon name={LOCAL_ICON[state]} /> {intl.formatMessage({ id: `patches.local.${state}` })}
    </span>
  );
}
