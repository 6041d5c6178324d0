// The staged rollout of an SDK patch version, written once: which developers a step serves (a
// deterministic bucket per developer and patch), what a step's figures decide, and which version a
// developer is served while a rollout runs. The server applies them; the console shows them.
import type { Rollout, RolloutStepStats } from '../schemas/rollout.js';
import { FAILURE_RATE_ALERT, ROLLBACK_RATE_ALERT, type PatchAlert } from './sdk-patch-rules.js';
import { sha256 } from '@noble/hashes/sha2.js';

/** The shares of developers, in percent, a rollout serves step by step. */
export const DEFAULT_ROLLOUT_STEPS: readonly number[] = [5, 25, 100];
/** Applications a step needs before its rates decide anything. */
export const DEFAULT_ROLLOUT_MIN_APPLICATIONS = 20;

/**
 * A developer's place in a patch's rollout, in [0, 100): the first 4 bytes of
 * SHA-256(`${patchId}:${developerId}`) read as a big-endian uint32, scaled to percent. A developer is
 * served the rollout's version when `bucket < share_pct`, so raising the share never drops anyone,
 * and each patch orders developers differently (the same developers are not always first).
 */
export function rolloutBucket(patchId: string, developerId: string): number {
  const digest = sha256(new TextEncoder().encode(`${patchId}:${developerId}`));
  const word = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
  return (word / 2 ** 32) * 100;
}

/** Whether a developer in `bucket` is inside a share of `sharePct` percent. */
export const insideShare = (bucket: number, sharePct: number): boolean => bucket < sharePct;

/** A step's figures from its counts (rates null without applications). */
export function rolloutStepStats(counts: { applications: number; successes: number; rollbacks: number }): RolloutStepStats {
  const { applications, successes, rollbacks } = counts;
  const failures = applications - successes;
  return {
    applications,
    successes,
    rollbacks,
    failures,
    rollback_rate: applications > 0 ? rollbacks / applications : null,
    failure_rate: applications > 0 ? failures / applications : null,
  };
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/**
 * What a step's figures decide: keep waiting for applications, move to the next step, or halt (why,
 * in words naming the rate and the threshold, and which of the runbook's alerts it is).
 */
export type RolloutStepDecision = 'wait' | 'advance' | { halt: string; alert: PatchAlert };

/**
 * Once the step has `minApplications` applications: halt when its rollback rate is over the runbook's
 * 20 % or its failure rate over 50 % (the reason names the rate and the threshold), advance otherwise.
 * Before that: wait.
 */
export function evaluateRolloutStep(stats: RolloutStepStats, minApplications: number): RolloutStepDecision {
  if (stats.applications < minApplications || stats.applications === 0) return 'wait';
  const rollbackRate = stats.rollbacks / stats.applications;
  const failureRate = stats.failures / stats.applications;
  if (rollbackRate > ROLLBACK_RATE_ALERT) {
    return {
      halt: `rollback rate ${percent(rollbackRate)} (${stats.rollbacks} of ${stats.applications} applications) is over the ${percent(ROLLBACK_RATE_ALERT)} threshold`,
      alert: 'rollback_rate',
    };
  }
  if (failureRate > FAILURE_RATE_ALERT) {
    return {
      halt: `failure rate ${percent(failureRate)} (${stats.failures} of ${stats.applications} applications) is over the ${percent(FAILURE_RATE_ALERT)} threshold`,
      alert: 'failure_rate',
    };
  }
  return 'advance';
}

/** Why a list of steps cannot drive a rollout (null: it can): increasing shares above 0, ending at 100. */
export function rolloutStepsProblem(steps: readonly number[]): string | null {
  if (steps.length === 0) return 'needs at least one step';
  if (steps.some((step) => !Number.isFinite(step) || step <= 0 || step > 100)) return 'each step is a share above 0 and at most 100';
  if (steps.some((step, i) => i > 0 && step <= steps[i - 1]!)) return 'the shares must increase step by step';
  if (steps.at(-1) !== 100) return 'the last step must be 100 (every developer)';
  return null;
}

/** The part of a rollout that decides what a developer is served. */
export type RolloutServing = Pick<Rollout, 'version' | 'previous_version' | 'state' | 'share_pct'>;

/**
 * Which version of a patch a developer in `bucket` is served: the rollout's version inside the share,
 * the previous version outside it. Once halted nobody gets the rollout's version, and those who were
 * inside the share when it halted (the share is kept in `haltedSharePct`) get nothing: their SDKs
 * have seen the newer version and would refuse the older one as a rollback.
 */
export function servedVersionOf(rollout: RolloutServing, bucket: number, haltedSharePct = 0): number | null {
  if (rollout.state === 'completed') return rollout.version;
  if (rollout.state === 'halted') return insideShare(bucket, haltedSharePct) ? null : rollout.previous_version;
  return insideShare(bucket, rollout.share_pct) ? rollout.version : rollout.previous_version;
}
