import { useState, type FormEvent } from 'react';
import { useRejectDetailLogMutation } from '../mutations.js';

/** Asks for the reason of a rejection (the server requires one) and queues it. */
export function RejectReasonForm({ logId, onDone }: { logId: string; onDone: () => void }) {
  const reject = useRejectDetailLogMutation();
  const [reason, setReason] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    reject.mutate({ logId, reason }, { onSuccess: onDone });
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="detail-reject-form">
      <label>
        Reason for rejecting
        <input data-testid="detail-reject-reason" value={reason} maxLength={2000} required autoFocus onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="submit" data-testid="detail-confirm-reject" disabled={reason.trim() === '' || reject.isPending}>
        Reject
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
