import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { RollbackPreview } from '../../../../src-shared/ipc/log-detail.js';
import type { HealingLog } from '../../../../src-shared/schemas/autoheal.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { rollbackPreviewQuery } from '../queries.js';
import { ConfirmPanel } from './ConfirmPanel.js';

type Patch = RollbackPreview['newer'][number];

const shortId = (id: string) => id.slice(0, 8);

function PatchName({ patch }: { patch: Patch }) {
  return (
    <>
      <strong>{patch.detected_issue}</strong> <span className="muted">(log {shortId(patch.log_id)}{patch.rule ? `, rule ${patch.rule}` : ''})</span>
    </>
  );
}

/** Whether the rollback pauses auto-apply, in the words of the shared rule's answer. */
function PauseSentence({ preview, log }: { preview: RollbackPreview; log: HealingLog }) {
  const { pause } = preview;
  if (!pause) {
    const why = log.rule_id === null ? 'this log has no rule' : 'a person applied it, not automation';
    return <li data-testid="rollback-pause" data-value="none">Auto-apply is not paused: {why}.</li>;
  }
  const rule = pause.rule ?? shortId(pause.ruleId);
  return (
    <li data-testid="rollback-pause" data-value={pause.alreadyPaused ? 'already' : 'pause'}>
      {pause.alreadyPaused
        ? `Auto-apply of rule ${rule} is already paused on plugin ${pause.pluginId}; it stays paused.`
        : `Auto-apply of rule ${rule} is paused on plugin ${pause.pluginId} until ops resume it (automation applied this patch).`}
    </li>
  );
}

/** The newer patches the rollback takes along, or those still applying that stop it. */
function NewerPatches({ preview }: { preview: RollbackPreview }) {
  const applied = preview.newer.filter((patch) => patch.status === 'applied');
  const applying = preview.newer.filter((patch) => patch.status === 'applying');
  return (
    <>
      {applied.length === 0 ? (
        <li data-testid="rollback-cascade" data-count={0}>
          No newer patch is applied on this plugin{preview.source === 'cache' ? ' as far as the cache knows' : ''}: only this patch is rolled back.
        </li>
      ) : (
        <li data-testid="rollback-cascade" data-count={applied.length}>
          {applied.length === 1 ? 'One newer patch was' : `${applied.length} newer patches were`} applied on this plugin after this one; restoring
          this patch's snapshot undoes {applied.length === 1 ? 'it' : 'them'}, so {applied.length === 1 ? 'it is' : 'they are'} rolled back
          first, newest first:
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
          {applying.length === 1 ? 'A patch is' : `${applying.length} patches are`} still applying on this plugin; the backend refuses the rollback
          until {applying.length === 1 ? 'its' : 'their'} outcome is in:
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
  const preview = useQuery(rollbackPreviewQuery(api, log.id));
  const [reason, setReason] = useState('');
  const expectedNewer = preview.data?.newer.filter((patch) => patch.status === 'applied').map((patch) => patch.log_id) ?? [];
  const cascades = expectedNewer.length > 0;
  const confirm = () => onConfirm({ ...(reason.trim() ? { reason: reason.trim() } : {}), expectedNewer });
  return (
    <ConfirmPanel
      title={cascades ? `Roll back this patch and ${expectedNewer.length} newer?` : 'Roll this patch back?'}
      confirmLabel={cascades ? `Roll back ${expectedNewer.length + 1} patches` : 'Roll back'}
      busy={busy || preview.isPending}
      onConfirm={confirm}
      onCancel={onCancel}
    >
      <div data-testid="rollback-preview" data-source={preview.data?.source ?? 'pending'}>
        <p>The plugin {log.plugin_id} is restored to this patch's pre-patch snapshot.</p>
        {preview.isPending && <p className="muted">Asking the backend what else the rollback touches…</p>}
        {preview.isError && (
          <p className="error" role="alert">
            What the rollback touches could not be read: {preview.error.message}. The backend still refuses a rollback that would undo a
            patch not listed here.
          </p>
        )}
        {preview.data && (
          <>
            {preview.data.source === 'cache' && (
              <p className="muted" data-testid="rollback-offline">
                The backend did not answer ({preview.data.unavailable}). This is what the cache knows; the backend checks again when the
                rollback is sent and refuses it, rolling nothing back, if other patches were applied since.
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
        Reason (optional)
        <input data-testid="rollback-reason" value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      </label>
    </ConfirmPanel>
  );
}
