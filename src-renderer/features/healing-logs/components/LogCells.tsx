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
  return (
    <span className={`sev-badge sev-${severity}`} data-testid="severity-badge">
      <span className="sev-mark">
        {Array.from({ length: SEVERITY_MARK[severity].count }, (_, i) => (
          <Icon key={i} name={SEVERITY_MARK[severity].icon} filled={SEVERITY_MARK[severity].filled} />
        ))}
      </span>{' '}
      {severity}
    </span>
  );
}

/** The healing log's state on the server. */
export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`status-badge status-${status}`} data-testid="log-status">
      {status.replace('_', ' ')}
    </span>
  );
}

const SYNC_TEXT: Record<LocalState, { label: string; hint: string }> = {
  synced: { label: 'synced', hint: 'the cache mirrors the server' },
  queued: { label: 'queued', hint: 'your decision waits in the outbox; it is sent when the backend is reachable' },
  conflict: { label: 'conflict', hint: 'the server changed this log meanwhile: resolve it in Conflicts' },
  rejected: { label: 'refused', hint: 'the server refused your decision' },
};

/** Where the row stands relative to the server (synced, queued in the outbox, conflict, refused). */
export function SyncStateBadge({ row }: { row: TriageRow }) {
  const text = SYNC_TEXT[row.localState];
  const action = row.pending?.decision.action;
  return (
    <span className={`sync-badge sync-${row.localState}`} data-testid="log-local-state" title={row.pending?.lastError ?? text.hint}>
      <Icon name={SYNC_ICON[row.localState]} />{' '}
      <span className="sync-label">
        {text.label}
        {row.localState === 'queued' && action ? ` ${action}` : ''}
      </span>
    </span>
  );
}

/** The plugin: its id, then CMS and versions and merchant when the plugin is cached. */
export function PluginCell({ row }: { row: TriageRow }) {
  const { plugin, platform } = row;
  const details = plugin
    ? [`${platform ?? 'unknown CMS'}${plugin.cmsVersion ? ` ${plugin.cmsVersion}` : ''}`, plugin.pluginVersion ? `v${plugin.pluginVersion}` : null, plugin.merchantId]
    : [platform ?? 'plugin not cached'];
  const detailText = details.filter(Boolean).join(' · ');
  // Both lines are cut with an ellipsis in narrow columns; the tooltip gives them whole.
  return (
    <span className="plugin-cell">
      <span className="plugin-id mono" title={row.log.plugin_id}>
        {row.log.plugin_id}
      </span>
      <span className="muted small" data-testid="plugin-details" title={detailText}>
        {detailText}
      </span>
    </span>
  );
}

/** "5 min", "3 h", "2 d": how long ago, compact (the exact time is in the tooltip). */
export function formatAge(createdAt: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(createdAt)) / 60_000));
  if (minutes < 1) return 'now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} d`;
}

// One formatter for every row: `toLocaleString` builds a new one per call, which shows when scrolling.
const EXACT_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

export function AgeCell({ createdAt, now }: { createdAt: string; now: number }) {
  return (
    <time dateTime={createdAt} title={EXACT_TIME.format(new Date(createdAt))}>
      {formatAge(createdAt, now)}
    </time>
  );
}
