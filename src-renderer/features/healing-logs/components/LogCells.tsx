import type { IntlShape } from '@formatjs/intl';
import { useIntl } from 'react-intl';
import type { HealingStatus } from '../../../../src-shared/domain/healing-state.js';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { LocalState } from '../../../../src-shared/ipc/model.js';
import type { TriageRow } from '../../../../src-shared/ipc/triage.js';
import type { Severity } from '../../../../src-shared/schemas/common.js';
import { Icon, type IconName } from '../../../shared/components/icons.js';

/** Each severity's shape: two triangles, one, a disc, a ring. */
const SEVERITY_MARK: Record<Severity, { icon: IconName; count: number; filled: boolean }> = {
  critical: { icon: 'triangle-up', count: 2, filled: true },
  high: { icon: 'triangle-up', count: 1, filled: true },
  medium: { icon: 'circle', count: 1, filled: true },
  low: { icon: 'circle', count: 1, filled: false },
};

const SYNC_ICON: Record<LocalState, IconName> = { synced: 'check', queued: 'hourglass', conflict: 'warning', rejected: 'warning' };

/** Severity as a word with a shape (never colour alone). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const intl = useIntl();
  return (
    <span className={`sev-badge sev-${severity}`} data-testid="severity-badge">
      <span className="sev-mark">
        {Array.from({ length: SEVERITY_MARK[severity].count }, (_, i) => (
          <Icon key={i} name={SEVERITY_MARK[severity].icon} filled={SEVERITY_MARK[severity].filled} />
        ))}
      </span>{' '}
      {intl.formatMessage({ id: `shared.severity.${severity}` })}
    </span>
  );
}

/** The healing log's state on the server. */
export function StatusBadge({ status }: { status: HealingStatus }) {
  const intl = useIntl();
  return (
    <span className={`status-badge status-${status}`} data-testid="log-status">
      {intl.formatMessage({ id: `shared.status.${status}` })}
    </span>
  );
}

/** Where the row stands relative to the server (synced, queued in the outbox, conflict, refused). */
export function SyncStateBadge({ row }: { row: TriageRow }) {
  const intl = useIntl();
  const state = row.localState;
  const action = row.pending?.decision.action;
  const hint = row.pending?.lastError ?? intl.formatMessage({ id: `logs.sync.hint.${state}` });
  return (
    <span className={`sync-badge sync-${state}`} data-testid="log-local-state" title={hint}>
      <Icon name={SYNC_ICON[row.localState]} />{' '}
      <span className="sync-label">
        {state === 'queued' && action ? intl.formatMessage({ id: 'logs.sync.queuedAction' }, { action }) : intl.formatMessage({ id: `logs.sync.${state}` })}
      </span>
    </span>
  );
}

/** The plugin: its id, then CMS and versions and merchant when the plugin is cached. */
export function PluginCell({ row }: { row: TriageRow }) {
  const intl = useIntl();
  const { plugin, platform } = row;
  const cms = platform ?? intl.formatMessage({ id: 'logs.plugin.unknownCms' });
  const details = plugin
    ? [`${cms}${plugin.cmsVersion ? ` ${plugin.cmsVersion}` : ''}`, plugin.pluginVersion ? `v${plugin.pluginVersion}` : null, plugin.merchantId]
    : [platform ?? intl.formatMessage({ id: 'logs.plugin.notCached' })];
  const detailText = details.filter(Boolean).join(' · ');
  // Both lines are cut with an ellipsis in narrow columns; the tooltip gives them whole.
  return (
    <span className="plugin-cell">
      <span className="plugin-id mono" title={row.log.plugin_id} data-i18n-data>
        {row.log.plugin_id}
      </span>
      <span className="muted small" data-testid="plugin-details" title={detailText} data-i18n-data={plugin || platform ? '' : undefined}>
        {detailText}
      </span>
    </span>
  );
}

/** "5 min", "3 h", "2 d": how long ago, compact (the exact time is in the tooltip). */
export function formatAge(intl: Pick<IntlShape, 'formatMessage'>, createdAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000));
  if (minutes < 1) return intl.formatMessage({ id: 'logs.age.now' });
  if (minutes < 60) return intl.formatMessage({ id: 'logs.age.minutes' }, { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return intl.formatMessage({ id: 'logs.age.hours' }, { count: hours });
  return intl.formatMessage({ id: 'logs.age.days' }, { count: Math.floor(hours / 24) });
}

export function AgeCell({ createdAt, now }: { createdAt: string; now: number }) {
  const intl = useIntl();
  // The formatter is built once per locale (locale-format.ts): one per call shows when scrolling.
  return (
    <time dateTime={createdAt} title={formatDate(intl.locale, createdAt, 'shortDateTime')}>
      {formatAge(intl, createdAt, now)}
    </time>
  );
}
