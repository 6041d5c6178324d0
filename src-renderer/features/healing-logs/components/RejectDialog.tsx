import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useOpsApi } from '../../../app/bridge-context.js';
import { useRejectLogMutation } from '../mutations.js';
import { logsByIdsQuery } from '../queries.js';
import { tableUi, useRejectingId } from '../table-ui-store.js';

/** Asks for the reason of a rejection (the server requires one) and queues it; opened by "Reject…" or r. */
export function RejectDialog() {
  const logId = useRejectingId();
  if (!logId) return null;
  return <RejectReasonForm key={logId} logId={logId} />;
}

function RejectReasonForm({ logId }: { logId: string }) {
  const api = useOpsApi();
  const reject = useRejectLogMutation();
  const [reason, setReason] = useState('');
  const log = useQuery({ ...logsByIdsQuery(api, [logId]), select: (data) => data.items[0]?.log }).data;
  const close = () => {
    tableUi.rejectClosed();
    document.querySelector<HTMLElement>('[data-testid="log-table"] tr[data-cursor="true"]')?.focus();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reject.mutate({ logId, reason }, { onSuccess: close });
  };
  return (
    <div className="reject-dialog" role="dialog" aria-labelledby="reject-title" data-testid="reject-dialog" onKeyDown={(event) => event.key === 'Escape' && close()}>
      <h2 id="reject-title">Reject {log ? `${log.plugin_id}: ${log.detected_issue}` : 'this log'}</h2>
      <form className="reject-form" onSubmit={submit}>
        <label>
          Reason for rejecting
          <input data-testid="reject-reason" value={reason} maxLength={2000} required autoFocus onChange={(event) => setReason(event.target.value)} />
        </label>
        <button type="submit" data-testid="confirm-reject" disabled={reason.trim() === '' || reject.isPending}>
          Reject
        </button>
        <button type="button" onClick={close}>
          Cancel
        </button>
      </form>
    </div>
  );
}
