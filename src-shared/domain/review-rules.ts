// The review rules of a healing log, written once: who may take each decision, which decisions each
// state allows, how many distinct reviewers a proposal needs, and who counts as the same reviewer.
// The server enforces them; the console's main process and renderer show them.
import type { Severity } from '../schemas/common.js';
import { canTransition, type HealingStatus } from './healing-state.js';
import type { Role } from './roles.js';

/** The decisions a human takes on a healing log. */
export const DECISION_ACTIONS = ['approve', 'reject', 'apply', 'rollback'] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/** The decisions of review (the others are operations). */
export type ReviewAction = Extract<DecisionAction, 'approve' | 'reject'>;

/** The role that takes each decision (an admin token passes every staff check on the server). */
export const DECISION_ROLES: Readonly<Record<DecisionAction, readonly Role[]>> = {
  approve: ['reviewer'],
  reject: ['reviewer'],
  apply: ['ops'],
  rollback: ['ops'],
};

/**
 * The state each decision moves a log to. An approval moves it only once the quorum is reached,
 * so it is allowed on a log waiting for review alone (see `isDecisionAllowed`).
 */
const DECISION_TARGET: Readonly<Record<Exclude<DecisionAction, 'approve'>, HealingStatus>> = {
  reject: 'rejected',
  apply: 'applying',
  rollback: 'rolled_back',
};

/**
 * True when a log in `status` may take `action`: an approval only while it waits for review, the
 * other decisions where the state machine allows the move they make. The server answers any other
 * decision with 409 `invalid_transition`.
 */
export function isDecisionAllowed(status: HealingStatus, action: DecisionAction): boolean {
  return action === 'approve' ? status === 'pending_review' : canTransition(status, DECISION_TARGET[action]);
}

/** The decisions a log in `status` allows, in `DECISION_ACTIONS` order. */
export function allowedDecisions(status: HealingStatus): readonly DecisionAction[] {
  return DECISION_ACTIONS.filter((action) => isDecisionAllowed(status, action));
}

/** The fewest and most distinct reviewers a severity may require. */
export const MIN_REQUIRED_APPROVALS = 1;
export const MAX_REQUIRED_APPROVALS = 5;

/**
 * The approval policy of a new backend (seeded by the server's migration 0003): critical proposals
 * need two distinct reviewers, the others one. Admins change it; a proposal keeps the count it was
 * made with.
 */
export const DEFAULT_APPROVAL_POLICY: Readonly<Record<Severity, number>> = { low: 1, medium: 1, high: 1, critical: 2 };

/** An approval, as far as telling reviewers apart needs it. */
export interface ApprovalRef {
  by: string;
  at: string;
  token_id?: string | undefined;
}

/** Who is deciding: a name, and the token id when the caller knows it (the server always does). */
export interface ReviewerIdentity {
  name: string;
  tokenId?: string | null;
}

/**
 * A reviewer is their token: approvals carry the token id, so two reviewers with one name count
 * twice. Approvals recorded without a token id, and callers that do not know their token's id,
 * fall back to the name.
 */
export function isSameReviewer(approval: ApprovalRef, reviewer: ReviewerIdentity): boolean {
  if (approval.token_id !== undefined && reviewer.tokenId !== undefined && reviewer.tokenId !== null) {
    return approval.token_id === reviewer.tokenId;
  }
  return approval.by === reviewer.name;
}

/** True when this reviewer has approved already (nobody approves twice). */
export function hasApproved(approvals: readonly ApprovalRef[], reviewer: ReviewerIdentity): boolean {
  return approvals.some((approval) => isSameReviewer(approval, reviewer));
}

/** The key one reviewer's approvals share: the token id when recorded, else the name. */
export function reviewerKey(approval: ApprovalRef): string {
  return approval.token_id ?? `name:${approval.by}`;
}

/** What a log carries about its review. */
export interface ReviewedLog {
  required_approvals: number;
  approvals: readonly ApprovalRef[];
}

/** Who approved a proposal and how many approvals it still needs. */
export interface ApprovalProgress {
  required: number;
  /** Distinct reviewers, in the order they first approved. */
  approvers: { by: string; at: string }[];
  remaining: number;
  /** True when more than one approval is needed (the only case the console shows a tally). */
  multi: boolean;
}

/** Distinct reviewers count once each; a log needs at least one. */
export function approvalProgress(log: ReviewedLog): ApprovalProgress {
  const seen = new Set<string>();
  const approvers: ApprovalProgress['approvers'] = [];
  for (const approval of log.approvals) {
    const key = reviewerKey(approval);
    if (seen.has(key)) continue;
    seen.add(key);
    approvers.push({ by: approval.by, at: approval.at });
  }
  const required = Math.max(MIN_REQUIRED_APPROVALS, log.required_approvals);
  return { required, approvers, remaining: Math.max(0, required - approvers.length), multi: required > 1 };
}

/** True once enough distinct reviewers have approved: the approval that reaches it approves the log. */
export function isQuorumReached(log: ReviewedLog): boolean {
  return approvalProgress(log).remaining === 0;
}

/** How many more distinct reviewers a log needs before it is approved (0 once past review). */
export function approvalsRemaining(log: ReviewedLog & { status: HealingStatus }): number {
  if (log.status !== 'proposed' && log.status !== 'pending_review') return 0;
  return approvalProgress(log).remaining;
}
