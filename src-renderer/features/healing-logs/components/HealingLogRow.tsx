import { useState } from 'react';
import type { CachedLog } from '../../../../src-shared/ipc/model.js';
import { useApproveLogMutation } from '../mutations.js';
import { RejectForm } from './RejectForm.js';

const LOCAL_STATE_LABELS: Record<CachedLog['localState'], string> = {
  synced: 'in sync',
  queued: 'decision queued',
  conflict: 'conflict',
  rejected: 'refused by server',
};

/**
 * One cached healing log with its approve and reject buttons. `reviewer` is who the backend says the
 * token belongs to: a reviewer approves a proposal once, and a critical one waits for a second person.
 */
export function HealingLogRow({ item, reviewer }: { item: CachedLog; reviewer: string | null }) {
  const { log, localState } = item;
  const approve = useApproveLogMutation();
  const [rejecting, setRejecting] = useState(false);
  // The server takes review decisions on proposals waiting for review only.
  const decidable = localState === 'synced' && log.status === 'pending_review';
  const approvedByMe = reviewer !== null && log.approvals.some((approval) => approval.by === reviewer);
  const approvalsMissing = log.required_approvals - log.approvals.length;

  return (
    <>
      <tr data-testid="log-row" data-log-id={log.id} data-status={log.status} data-local-state={localState}>
        <td>
          <span className={`severity severity-${log.issue_severity}`}>{log.issue_severity}</span>
        </td>
        <td>{log.plugin_id}</td>
        <td className="issue">{log.detected_issue}</td>
        <td>{log.sira_confidence.toFixed(1)} %</td>
        <td>
          <span data-testid="log-status">{log.status.replace('_', ' ')}</span>
          {localState !== 'synced' && (
            <span className={`badge badge-${localState}`} data-testid="log-local-state">
              {LOCAL_STATE_LABELS[localState]}
            </span>
          )}
          {approvedByMe && decidable && approvalsMissing > 0 && (
            <div className="muted small" data-testid="log-awaiting-approvals">
              approved by you; waiting for {approvalsMissing} more
            </div>
          )}
          {item.pending?.lastError && <div className="error small">{item.pending.lastError}</div>}
        </td>
        <td className="actions">
          <button
            type="button"
            data-testid="approve-log"
            disabled={!decidable || approvedByMe || approve.isPending}
            onClick={() => approve.mutate({ logId: log.id })}
          >
            Approve
          </button>
          <button type="button" data-testid="reject-log" disabled={!decidable} onClick={() => setRejecting((open) => !open)}>
            Reject…
          </button>
        </td>
      </tr>
      {rejecting && decidable && (
        <tr className="reject-row">
          <td colSpan={6}>
            <RejectForm logId={log.id} onDone={() => setRejecting(false)} />
          </td>
        </tr>
      )}
    </>
  );
}
