import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useIntl } from 'react-intl';
import type { RollbackPreview } from '../../../../src-shared/ipc/log-detail.js';
import type { HealingLog } from '../../../../src-shared/schemas/autoheal.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { rollbackPreviewQuery } from '../queries.js';
import { ConfirmPanel } from './ConfirmPanel.js';

type Patch = RollbackPreview['newer'][number];

const shortId = (id: string) => id.slice(0, 8);

function PatchName({ patch }: { patch: Patch }) {
  const intl = useIntl();
  return (
    <>
      <strong data-i18n-data>{patch.detected_issue}</strong>{' '}
      <span className="muted">
        {intl.formatMessage({ id: 'logDetail.rollback.patchName' }, { id: shortId(patch.log_id), ruleKnown: patch.rule ? 'yes' : 'no', rule: patch.rule ?? '' })}
      </span>
    </>
  );
}

/** Whether the rollback pauses auto-apply, in the words of the shared rule's answer. */
function PauseSentence({ preview, log }: { preview: RollbackPreview; log: HealingLog }) {
  const intl = useIntl();
  const { pause } = preview;
  if (!pause) {
    return (
      <li data-testid="rollback-pause" data-value="none">
        {intl.formatMessage({ id: 'logDetail.rollback.noPause' }, { why: log.rule_id === null ? 'noRule' : 'person' })}
      </li>
    );
  }
  const rule = pause.rule ?? shortId(pause.ruleId);
  return (
    <li data-testid="rollback-pause" data-value={pause.alreadyPaused ? 'already' : 'pause'}>
      {intl.formatMessage({ id: pause.alreadyPaused ? 'logDetail.rollback.alreadyPaused' : 'logDetail.rollback.pauses' }, { rule, plugin: pause.pluginId })}
    </li>
  );
}

/** The newer patches the rollback takes along, or those still applying that stop it. */
function NewerPatches({ preview }: { preview: RollbackPreview }) {
  const intl = useIntl();
  const applied = preview.newer.filter((patch) => patch.status === 'applied');
  const applying = preview.newer.filter((patch) => patch.status === 'applying');
  return (
    <>
      {applied.length === 0 ? (
        <li data-testid="rollback-cascade" data-count={0}>
          {intl.formatMessage({ id: 'logDetail.rollback.noNewer' }, { fromCache: preview.source === 'cache' ? 'yes' : 'no' })}
        </li>
      ) : (
        <li data-testid="rollback-cascade" data-count={applied.length}>
          {intl.formatMessage({ id: 'logDetail.rollback.newer' }, { count: applied.length })}
          <ul>
            {applied.map((patch) => (
              <li key={patch.log_id} data-testid="rollback-cascade-item" data-log-id={patch.log_id}>
                <PatchName patch={patch} />
              </li>
            ))}
          </ul>
        </li>
      )}
      {applying.length > 0 && (
        <li className="error" data-testid="rollback-applying">
          {intl.formatMessage({ id: 'logDetail.rollback.applying' }, { count: applying.length })}
          <ul>
            {applying.map((patch) => (
              <li key={patch.log_id}>
                <PatchName patch={patch} />
              </li>
            ))}
          </ul>
        </li>
      )}
    </>
  );
}

/**
 * The rollback confirmation: what restoring the snapshot does, from the backend's rollback plan (or,
 * offline, the cache's view and the promise that the backend checks again). Confirming sends the
 * newer patches shown as `expectedNewer`, so the cascade rolls back exactly those.
 */
export function RollbackConfirmation({
  log,
  busy,
  onConfirm,
  onCancel,
}: {
  log: HealingLog;
  busy: boolean;
  onConfirm: (request: { reason?: string; expectedNewer: string[] }) => void;
  onCancel: () => void;
}) {
  const api = useOpsApi();
  const intl = useIntl();
  const preview = useQuery(rollbackPreviewQuery(api, log.id));
  const [reason, setReason] = useState('');
  const expectedNewer = preview.data?.newer.filter((patch) => patch.status === 'applied').map((patch) => patch.log_id) ?? [];
  const cascades = expectedNewer.length > 0;
  const confirm = () => onConfirm({ ...(reason.trim() ? { reason: reason.trim() } : {}), expectedNewer });
  return (
    <ConfirmPanel
      title={
        cascades
          ? intl.formatMessage({ id: 'logDetail.rollback.titleCascade' }, { count: expectedNewer.length })
          : intl.formatMessage({ id: 'logDetail.rollback.title' })
      }
      confirmLabel={
        cascades
          ? intl.formatMessage({ id: 'logDetail.rollback.confirmCascade' }, { count: expectedNewer.length + 1 })
          : intl.formatMessage({ id: 'logDetail.rollback.confirm' })
      }
      busy={busy || preview.isPending}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <div data-testid="rollback-preview" data-source={preview.data?.source ?? 'pending'}>
        <p>{intl.formatMessage({ id: 'logDetail.rollback.restores' }, { plugin: log.plugin_id })}</p>
        {preview.isPending && <p className="muted">{intl.formatMessage({ id: 'logDetail.rollback.asking' })}</p>}
        {preview.isError && (
          <p className="error" role="alert">
            {intl.formatMessage({ id: 'logDetail.rollback.readFailed' }, { reason: errorText(intl, preview.error) })}
          </p>
        )}
        {preview.data && (
          <>
            {preview.data.source === 'cache' && (
              <p className="muted" data-testid="rollback-offline">
                {intl.formatMessage({ id: 'logDetail.rollback.offline' }, { reason: preview.data.unavailable })}
              </p>
            )}
            <ul>
              <NewerPatches preview={preview.data} />
              <PauseSentence preview={preview.data} log={log} />
            </ul>
          </>
        )}
      </div>
      <label>
        {intl.formatMessage({ id: 'logDetail.rollback.reason' })}
        <input data-testid="rollback-reason" value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      </label>
    </ConfirmPanel>
  );
}
