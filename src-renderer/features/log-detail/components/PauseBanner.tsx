import { useQuery } from '@tanstack/react-query';
import type { CachedPause } from '../../../../src-shared/ipc/log-detail.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { Icon } from '../../../shared/components/icons.js';
import { useRefusedResumeMutation, useResumePauseMutation } from '../mutations.js';
import { logPausesQuery } from '../queries.js';

const CAN_RESUME = new Set(['ops', 'admin']);

/** Resume for ops while the pause is as the server has it; otherwise where the resume stands. */
function PauseAction({ item, role }: { item: CachedPause; role: string | null }) {
  const resume = useResumePauseMutation();
  const refused = useRefusedResumeMutation();
  const { pause, localState, pending } = item;
  if (localState === 'queued') {
    return (
      <span className="muted small" data-testid="pause-local-state" data-value="queued">
        <Icon name="hourglass" /> Resume queued — will sync
      </span>
    );
  }
  if (localState === 'conflict') {
    return (
      <span className="error small" data-testid="pause-local-state" data-value="conflict">
        The server changed this pause meanwhile: resolve your resume in Conflicts.
      </span>
    );
  }
  if (localState === 'rejected' && pending) {
    return (
      <span className="button-row" data-testid="pause-local-state" data-value="rejected">
        <span className="error small" title={pending.lastError ?? undefined}>
          The backend refused the resume{pending.lastError ? `: ${pending.lastError}` : ''}.
        </span>
        <button type="button" data-testid="pause-resume-retry" disabled={refused.isPending} onClick={() => refused.mutate({ id: pending.id, choice: 'retry' })}>
          Retry
        </button>
        <button type="button" data-testid="pause-resume-dismiss" disabled={refused.isPending} onClick={() => refused.mutate({ id: pending.id, choice: 'dismiss' })}>
          Dismiss
        </button>
      </span>
    );
  }
  if (role === null || !CAN_RESUME.has(role)) return <span className="muted small">Only ops can resume it.</span>;
  return (
    <button type="button" data-testid="resume-auto-apply" disabled={resume.isPending} onClick={() => resume.mutate({ id: pause.id })}>
      Resume auto-apply
    </button>
  );
}

/** Says when auto-apply of this log's rule is paused on its plugin, by whom, with Resume for ops. */
export function PauseBanner({ logId, role }: { logId: string; role: string | null }) {
  const api = useOpsApi();
  const pauses = useQuery(logPausesQuery(api, logId));
  if (!pauses.isSuccess || pauses.data.items.length === 0) return null;
  return (
    <>
      {pauses.data.items.map((item) => (
        <div key={item.pause.id} className="pause-banner" role="status" data-testid="pause-banner" data-pause-id={item.pause.id} data-local-state={item.localState}>
          <span>
            <Icon name="pause" /> Auto-apply of rule <strong>{item.pause.rule_name}</strong> is paused on {item.pause.plugin_id}, by {item.pause.paused_by} on{' '}
            {new Date(item.pause.paused_at).toLocaleString()}
            {item.pause.reason ? ` (${item.pause.reason})` : ''}.
          </span>
          <PauseAction item={item} role={role} />
        </div>
      ))}
    </>
  );
}
