import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../../app/bridge-context.js';
import { useResumePauseMutation } from '../mutations.js';
import { logPausesQuery } from '../queries.js';

const CAN_RESUME = new Set(['ops', 'admin']);

/** Says when auto-apply of this log's rule is paused on its plugin, by whom, with Resume for ops. */
export function PauseBanner({ logId, role }: { logId: string; role: string | null }) {
  const api = useOpsApi();
  const pauses = useQuery(logPausesQuery(api, logId));
  const resume = useResumePauseMutation();
  if (!pauses.isSuccess || pauses.data.items.length === 0) return null;
  return (
    <>
      {pauses.data.items.map((pause) => (
        <div key={pause.id} className="pause-banner" role="status" data-testid="pause-banner">
          <span>
            ⏸ Auto-apply of rule <strong>{pause.rule_name}</strong> is paused on {pause.plugin_id}, by {pause.paused_by} on{' '}
            {new Date(pause.paused_at).toLocaleString()}
            {pause.reason ? ` (${pause.reason})` : ''}.
          </span>
          {role !== null && CAN_RESUME.has(role) ? (
            <button type="button" data-testid="resume-auto-apply" disabled={resume.isPending} onClick={() => resume.mutate({ id: pause.id })}>
              Resume auto-apply
            </button>
          ) : (
            <span className="muted small">Only ops can resume it.</span>
          )}
        </div>
      ))}
    </>
  );
}
