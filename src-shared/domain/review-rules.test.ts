import { describe, expect, it } from 'vitest';
import { SEVERITIES } from '../schemas/common.js';
import { HEALING_STATUSES, canTransition, type HealingStatus } from './healing-state.js';
import {
  DECISION_ACTIONS,
  DECISION_ROLES,
  DEFAULT_APPROVAL_POLICY,
  MAX_REQUIRED_APPROVALS,
  MIN_REQUIRED_APPROVALS,
  allowedDecisions,
  approvalProgress,
  approvalsRemaining,
  hasApproved,
  isDecisionAllowed,
  isQuorumReached,
  type DecisionAction,
} from './review-rules.js';

const at = '2026-01-01T10:00:00Z';
const approval = (by: string, token_id?: string) => ({ by, at, ...(token_id !== undefined ? { token_id } : {}) });

describe('which decisions each state allows', () => {
  const expected: Record<HealingStatus, readonly DecisionAction[]> = {
    proposed: ['reject'],
    pending_review: ['approve', 'reject'],
    approved: ['apply'],
    applying: [],
    applied: ['rollback'],
    rolled_back: [],
    rejected: [],
    failed: [],
    superseded: [],
  };

  it.each(HEALING_STATUSES.flatMap((status) => DECISION_ACTIONS.map((action) => [status, action] as const)))(
    'a %s log %s decision is allowed exactly as the table says',
    (status, action) => {
      expect(isDecisionAllowed(status, action)).toBe(expected[status].includes(action));
    },
  );

  it('lists the allowed decisions of each state in a fixed order', () => {
    for (const status of HEALING_STATUSES) expect(allowedDecisions(status)).toEqual(expected[status]);
  });

  it('agrees with the state machine on every decision that moves the log', () => {
    const target = { reject: 'rejected', apply: 'applying', rollback: 'rolled_back' } as const;
    for (const status of HEALING_STATUSES) {
      for (const [action, to] of Object.entries(target) as [keyof typeof target, HealingStatus][]) {
        expect(isDecisionAllowed(status, action)).toBe(canTransition(status, to));
      }
    }
  });
});

describe('who may take each decision', () => {
  it('leaves review to reviewers and operations to ops', () => {
    expect(DECISION_ROLES).toEqual({ approve: ['reviewer'], reject: ['reviewer'], apply: ['ops'], rollback: ['ops'] });
  });
});

describe('how many approvals a severity needs', () => {
  it.each(SEVERITIES.map((severity) => [severity, severity === 'critical' ? 2 : 1] as const))(
    'a new backend asks %s proposals for %i distinct reviewer(s)',
    (severity, required) => {
      expect(DEFAULT_APPROVAL_POLICY[severity]).toBe(required);
      expect(required).toBeGreaterThanOrEqual(MIN_REQUIRED_APPROVALS);
      expect(required).toBeLessThanOrEqual(MAX_REQUIRED_APPROVALS);
    },
  );

  it.each(SEVERITIES)('a %s proposal is approved by the approval that reaches its quorum, not before', (severity) => {
    const required = DEFAULT_APPROVAL_POLICY[severity];
    const approvals = [];
    for (let i = 1; i <= required; i++) {
      expect(isQuorumReached({ required_approvals: required, approvals })).toBe(false);
      approvals.push(approval(`reviewer ${i}`, `t${i}`));
    }
    expect(isQuorumReached({ required_approvals: required, approvals })).toBe(true);
  });

  it('counts one reviewer once even when the approval repeats', () => {
    const log = { required_approvals: 2, approvals: [approval('bob', 't2'), approval('bob', 't2')] };
    expect(approvalProgress(log)).toEqual({ required: 2, approvers: [{ by: 'bob', at }], remaining: 1, multi: true });
    expect(isQuorumReached(log)).toBe(false);
  });

  it('counts two reviewers with one name twice when their tokens differ', () => {
    expect(isQuorumReached({ required_approvals: 2, approvals: [approval('sam', 't1'), approval('sam', 't2')] })).toBe(true);
  });

  it('asks for at least one approval', () => {
    expect(approvalProgress({ required_approvals: 0, approvals: [] })).toMatchObject({ required: 1, remaining: 1, multi: false });
  });

  it('says no approval remains once a log is past review', () => {
    const log = { required_approvals: 2, approvals: [approval('a', 't1')] };
    expect(approvalsRemaining({ ...log, status: 'pending_review' })).toBe(1);
    expect(approvalsRemaining({ ...log, status: 'proposed' })).toBe(1);
    for (const status of HEALING_STATUSES.filter((s) => s !== 'proposed' && s !== 'pending_review')) {
      expect(approvalsRemaining({ ...log, status })).toBe(0);
    }
  });
});

describe('nobody approves twice', () => {
  it('knows a reviewer by their token when the approval and the reviewer both carry one', () => {
    expect(hasApproved([approval('alice', 't1')], { name: 'alice', tokenId: 't1' })).toBe(true);
    expect(hasApproved([approval('alice', 't1')], { name: 'alice', tokenId: 't9' })).toBe(false);
    expect(hasApproved([approval('alice', 't1')], { name: 'bob', tokenId: 't1' })).toBe(true);
  });

  it('falls back to the name for approvals recorded without a token', () => {
    expect(hasApproved([approval('alice')], { name: 'alice', tokenId: 't1' })).toBe(true);
    expect(hasApproved([approval('alice')], { name: 'bob', tokenId: 't1' })).toBe(false);
  });

  it('falls back to the name when the reviewer does not know their token id (the console)', () => {
    expect(hasApproved([approval('alice', 't1')], { name: 'alice' })).toBe(true);
    expect(hasApproved([approval('alice', 't1')], { name: 'bob', tokenId: null })).toBe(false);
  });

  it('finds no approval on a log nobody approved', () => {
    expect(hasApproved([], { name: 'alice', tokenId: 't1' })).toBe(false);
  });
});
