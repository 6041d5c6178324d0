/**
 * The healing-log state machine. The server enforces it; the console shows it.
 *
 * proposed → pending_review → approved → applying → applied → rolled_back,
 * with rejected, failed and superseded as ends; auto-apply goes proposed → approved directly.
 */
export const HEALING_STATUSES = [
  'proposed',
  'pending_review',
  'approved',
  'applying',
  'applied',
  'rolled_back',
  'rejected',
  'failed',
  'superseded',
] as const;
export type HealingStatus = (typeof HEALING_STATUSES)[number];

const TRANSITIONS: Readonly<Record<HealingStatus, readonly HealingStatus[]>> = {
  proposed: ['pending_review', 'approved', 'rejected', 'superseded'],
  pending_review: ['approved', 'rejected', 'superseded'],
  approved: ['applying', 'superseded'],
  applying: ['applied', 'failed'],
  applied: ['rolled_back'],
  rolled_back: [],
  rejected: [],
  failed: [],
  superseded: [],
};

/** True when the machine allows moving a log from `from` to `to`. */
export function canTransition(from: HealingStatus, to: HealingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** The states a log may move to from `from`. */
export function nextStatuses(from: HealingStatus): readonly HealingStatus[] {
  return TRANSITIONS[from];
}

/** A log in one of these states will never change again. */
export function isTerminal(status: HealingStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
