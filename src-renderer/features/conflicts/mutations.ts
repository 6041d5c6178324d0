import { useDecisionMutation } from '../../infra/decision-notice.js';

/** Resolve a conflict: keep mine (queued again; its notice says what became of it), take theirs, or discard. */
export function useResolveConflictMutation() {
  return useDecisionMutation('ops:conflicts.resolve', ({ resolution }) => resolution, ({ id }) => `conflict ${id}`);
}
