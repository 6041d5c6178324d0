import { hasApproved, isDecisionAllowed, type ReviewAction } from '../../../src-shared/domain/review-rules.js';
import type { IntlShape } from '@formatjs/intl';
import type { HealingStatus } from '../../../src-shared/domain/healing-state.js';
import type { TriageRow } from '../../../src-shared/ipc/triage.js';

export type { ReviewAction };

/** Why a review decision cannot be taken on a log now, as a catalog message (`status` for "it is …"). */
export type NotDecidable =
  | { id: 'logs.why.queued' | 'logs.why.conflict' | 'logs.why.refused' | 'logs.why.approvedAlready' }
  | { id: 'logs.why.status'; status: HealingStatus };

/** Why a review decision cannot be taken on a log now (null: it can). */
export function whyNotDecidable(row: TriageRow, action: ReviewAction, reviewer: string | null): NotDecidable | null {
  const { log, localState } = row;
  if (localState === 'queued') return { id: 'logs.why.queued' };
  if (localState === 'conflict') return { id: 'logs.why.conflict' };
  if (localState === 'rejected') return { id: 'logs.why.refused' };
  if (!isDecisionAllowed(log.status, action)) return { id: 'logs.why.status', status: log.status };
  // The console knows its reviewer by name only (whoami does not give the token's id).
  if (action === 'approve' && reviewer !== null && hasApproved(log.approvals, { name: reviewer })) {
    return { id: 'logs.why.approvedAlready' };
  }
  return null;
}

/** The reason in the reader's words. */
export function notDecidableText(intl: Pick<IntlShape, 'formatMessage'>, why: NotDecidable): string {
  return why.id === 'logs.why.status' ? intl.formatMessage({ id: why.id }, { status: intl.formatMessage({ id: `shared.status.${why.status}` }) }) : intl.formatMessage({ id: why.id });
}

/** What a bulk action will do: the logs it acts on, and the ones it skips with the reason. */
export interface BulkPlan {
  eligible: TriageRow[];
  skipped: { row: TriageRow; reason: NotDecidable }[];
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
