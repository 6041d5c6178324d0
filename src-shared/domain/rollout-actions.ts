import type { Rollout, RolloutAction, RolloutState } from '../schemas/rollout.js';

/** Why a reviewer's action cannot be taken on a rollout in its state (null: it can). */
export type RolloutActionRefusal = 'rollout_completed' | 'rollout_halted' | 'rollout_not_held' | 'rollout_not_rolling';

/** The states each action may be taken in: advance and abort while rolling or held, hold while rolling, resume while held. */
const ALLOWED: Readonly<Record<RolloutAction, readonly RolloutState[]>> = {
  advance: ['rolling', 'held'],
  hold: ['rolling'],
  resume: ['held'],
  abort: ['rolling', 'held'],
};

/**
 * Whether `action` may be taken on a rollout now: a completed or halted rollout takes none, a held
 * one is resumed (not held again), a rolling one is held (not resumed).
 */
export function rolloutActionRefusal(rollout: Pick<Rollout, 'state'>, action: RolloutAction): RolloutActionRefusal | null {
  if (ALLOWED[action].includes(rollout.state)) return null;
  if (rollout.state === 'completed') return 'rollout_completed';
  if (rollout.state === 'halted') return 'rollout_halted';
  return action === 'resume' ? 'rollout_not_held' : 'rollout_not_rolling';
}

/** The share the next step would serve (null at the last step). */
export function nextRolloutShare(rollout: Pick<Rollout, 'steps' | 'step_index'>): number | null {
  return rollout.steps[rollout.step_index + 1] ?? null;
}
