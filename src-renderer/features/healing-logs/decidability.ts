import { hasApproved, isDecisionAllowed, type ReviewAction } from '../../../src-shared/domain/review-rules.js';
import type { TriageRow } from '../../../src-shared/ipc/triage.js';

export type { ReviewAction };

/** Why a review decision cannot be taken on a log now (null: it can). */
export function whyNotDecidable(row: TriageRow, action: ReviewAction, reviewer: string | null): string | null {
  const { log, localState } = row;
  if (localState === 'queued') return 'a decision is already queued';
  if (localState === 'conflict') return 'in conflict: resolve it first';
  if (localState === 'rejected') return 'the server refused its last decision';
  if (!isDecisionAllowed(log.status, action)) return `it is ${log.status.replace('_', ' ')}, not waiting for review`;
  // The console knows its reviewer by name only (whoami does not give the token's id).
  if (action === 'approve' && reviewer !== null && hasApproved(log.approvals, { name: reviewer })) {
    return 'you approved it already';
  }
  return null;
}

/** What a bulk action will do: the logs it acts on, and the ones it skips with the reason. */
export interface BulkPlan {
  eligible: TriageRow[];
  skipped: { row: TriageRow; reason: string }[];
  /** Checked ids that are no longer in the cache (a resync dropped them). */
  missing: number;
}

export function planBulk(checkedIds: readonly string[], rows: readonly TriageRow[], action: ReviewAction, reviewer: string | null): BulkPlan {
  const plan: BulkPlan = { eligible: [], skipped: [], missing: 0 };
  const byId = new Map(rows.map((row) => [row.log.id, row]));
  for (const id of checkedIds) {
    const row = byId.get(id);
    if (!row) {
      plan.missing++;
      continue;
    }
    const reason = whyNotDecidable(row, action, reviewer);
    if (reason === null) plan.eligible.push(row);
    else plan.skipped.push({ row, reason });
  }
  return plan;
}
