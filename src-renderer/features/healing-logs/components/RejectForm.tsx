import { useState, type FormEvent } from 'react';
import { useRejectLogMutation } from '../mutations.js';

/** Asks for the reason of a rejection (the server requires one) and queues it. */
export function RejectForm({ logId, onDone }: { logId: string; onDone: () => void }) {
  const reject = useRejectLogMutation();
  const [reason, setReason] = useState('');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    reject.mutate({ logId, reason }, { onSuccess: onDone });
  };

  return (
    <form className="reject-form" onSubmit={submit}>
      <label>
        Reason for rejecting
        <input
          data-testid="reject-reason"
          value={reason}
          maxLength={2000}
          required
          autoFocus
          onChange={(event) => setReason(event.target.value)}
        />
      </label>
      <button type="submit" data-testid="confirm-reject" disabled={reason.trim() === '' || reject.isPending}>
        Reject
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}
