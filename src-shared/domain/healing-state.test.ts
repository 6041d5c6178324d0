import { describe, expect, it } from 'vitest';
import { HEALING_STATUSES, canTransition, isTerminal, nextStatuses } from './healing-state.js';

describe('healing-log state machine', () => {
  it('follows the designed happy path from proposal to rollback', () => {
    const path = ['proposed', 'pending_review', 'approved', 'applying', 'applied', 'rolled_back'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('lets auto-apply go from proposed straight to approved', () => {
    expect(canTransition('proposed', 'approved')).toBe(true);
  });

  it('refuses skipping review, re-applying and leaving an end state', () => {
    expect(canTransition('pending_review', 'applying')).toBe(false);
    expect(canTransition('applied', 'applying')).toBe(false);
    expect(canTransition('rolled_back', 'applied')).toBe(false);
    for (const end of ['rejected', 'failed', 'superseded', 'rolled_back'] as const) {
      expect(isTerminal(end)).toBe(true);
      expect(nextStatuses(end)).toEqual([]);
    }
  });

  it('never allows a state to transition to itself', () => {
    for (const s of HEALING_STATUSES) expect(canTransition(s, s)).toBe(false);
  });
});
