import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
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
  const intl = useIntl();
  const { pause, localState, pending } = item;
  if (localState === 'queued') {
    return (
      <span className="muted small" data-testid="pause-local-state" data-value="queued">
        <Icon name="hourglass" /> {intl.formatMessage({ id: 'logDetail.pause.queued' })}
      </span>
    );
  }
  if (localState === 'conflict') {
    return (
      <span className="error small" data-testid="pause-local-state" data-value="conflict">
        {intl.formatMessage({ id: 'logDetail.pause.conflict' })}
      </span>
    );
  }
  if (localState === 'rejected' && pending) {
    return (
      <span className="button-row" data-testid="pause-local-state" data-value="rejected">
        <span className="error small" title={pending.lastError ?? undefined}>
          {intl.formatMessage({ id: 'logDetail.pause.refused' }, { reasonKnown: pending.lastError ? 'yes' : 'no', reason: pending.lastError ?? '' })}
        </span>
        <button type="button" data-testid="pause-resume-retry" disabled={refused.isPending} onClick={() => refused.mutate({ id: pending.id, choice: 'retry' })}>
          {intl.formatMessage({ id: 'logDetail.pause.retry' })}
        </button>
        <button type="button" data-testid="pause-resume-dismiss" disabled={refused.isPending} onClick={() => refused.mutate({ id: pending.id, choice: 'dismiss' })}>
          {intl.formatMessage({ id: 'logDetail.pause.dismiss' })}
        </button>
      </span>
    );
  }
  if (role === null || !CAN_RESUME.has(role)) return <span className="muted small">{intl.formatMessage({ id: 'logDetail.pause.onlyOps' })}</span>;
  return (
    <button type="button" data-testid="resume-auto-apply" disabled={resume.isPending} onClick={() => resume.mutate({ id: pause.id })}>
      {intl.formatMessage({ id: 'logDetail.pause.resume' })}
    </button>
  );
}

/** Says when auto-apply of this log's rule is paused on its plugin, by whom, with Resume for ops. */
export function PauseBanner({ logId, role }: { logId: string; role: string | null }) {
  const api = useOpsApi();
  const pauses = useQuery(logPausesQuery(api, logId));
  const intl = useIntl();
  if (!pauses.isSuccess || pauses.data.items.length === 0) return null;
  return (
    <>
      {pauses.data.items.map((item) => (
        <div key={item.pause.id} className="pause-banner" role="status" data-testid="pause-banner" data-pause-id={item.pause.id} data-local-state={item.localState}>
          <span>
            <Icon name="pause" />{' '}
            {intl.formatMessage(
              { id: 'logDetail.pause.banner' },
              {
                rule: item.pause.rule_name,
                plugin: item.pause.plugin_id,
                by: item.pause.paused_by,
                at: formatDate(intl.locale, item.pause.paused_at),
                reasonKnown: item.pause.reason ? 'yes' : 'no',
                reason: item.pause.reason ?? '',
                strong: (chunks) => (
                  <strong key="rule" data-i18n-data>
                    {chunks}
                  </strong>
                ),
              },
            )}
          </span>
          <PauseAction item={item} role={role} />
        </div>
      ))}
    </>
  );
}
