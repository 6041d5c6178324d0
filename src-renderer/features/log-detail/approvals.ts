import type { HealingLog } from '../../../src-shared/schemas/autoheal.js';

/** Who approved a proposal and how many approvals it still needs. */
export interface ApprovalProgress {
  required: number;
  approvers: { by: string; at: string }[];
  remaining: number;
  /** True when more than one approval is needed (the only case the pane shows a tally). */
  multi: boolean;
}

/** Distinct reviewers (by token when known, else by name) count once each. */
export function approvalProgress(log: Pick<HealingLog, 'required_approvals' | 'approvals'>): ApprovalProgress {
  const seen = new Set<string>();
  const approvers: ApprovalProgress['approvers'] = [];
  for (const approval of log.approvals) {
    const key = approval.token_id ?? `name:${approval.by}`;
    if (seen.has(key)) continue;
    seen.add(key);
    approvers.push({ by: approval.by, at: approval.at });
  }
  const required = Math.max(1, log.required_approvals);
  return { required, approvers, remaining: Math.max(0, required - approvers.length), multi: required > 1 };
}
