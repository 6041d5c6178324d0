import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  evaluateRolloutStep,
  insideShare,
  rolloutBucket,
  rolloutStepStats,
  rolloutStepsProblem,
  servedVersionOf,
} from './patch-rollout.js';
describe('the rollout bucket', () => {
  it('is the same for the same patch and developer, always in [0, 100)', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), (patchId, developerId) => {
        const bucket = rolloutBucket(patchId, developerId);
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(100);
        expect(rolloutBucket(patchId, developerId)).toBe(bucket);
      }),
    );
  });

  it('agrees with Web Crypto on the SHA-256 of "patch:developer" as UTF-8, whatever the text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'grapheme' }), async (patchId, developerId) => {
        const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`${patchId}:${developerId}`));
        const word = new DataView(digest).getUint32(0);
        expect(rolloutBucket(patchId, developerId)).toBe((word / 2 ** 32) * 100);
      }),
    );
  });

  it('reads the first four bytes of SHA-256 of "patch:developer" as a share of 2^32', () => {
    // SHA-256("p:d") starts with 15 40 87 d1: 0x154087d1 / 2^32 = 8.3016 %.
    expect(rolloutBucket('p', 'd')).toBeCloseTo((0x154087d1 / 2 ** 32) * 100, 12);
    expect(rolloutBucket('p', 'd')).toBeCloseTo(8.30159077886492, 12);
  });

  it('spreads developers roughly evenly over the ten deciles', () => {
    const deciles = new Array<number>(10).fill(0);
    const patchId = '6f1c2f7e-4a3b-4c55-9d1e-2b7a8c9d0e1f';
    for (let i = 0; i < 10_000; i++) deciles[Math.floor(rolloutBucket(patchId, `developer-${i}`) / 10)]! += 1;
    // 1,000 expected per decile; a binomial spread of ±150 is beyond five standard deviations.
    for (const count of deciles) {
      expect(count).toBeGreaterThan(850);
      expect(count).toBeLessThan(1150);
    }
  });

  it('keeps a developer inside as the share grows: whoever is in the 5 % share is in the 25 % share', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.string(), fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (patchId, developerId, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const bucket = rolloutBucket(patchId, developerId);
        if (insideShare(bucket, low)) expect(insideShare(bucket, high)).toBe(true);
      }),
    );
    expect(insideShare(rolloutBucket('p', 'd'), 100)).toBe(true);
    expect(insideShare(rolloutBucket('p', 'd'), 0)).toBe(false);
  });
});

describe('a rollout step decision', () => {
  const stats = (applications: number, successes: number, rollbacks: number) => rolloutStepStats({ applications, successes, rollbacks });

  it('waits until the step has its minimum of applications, whatever the rates', () => {
    expect(evaluateRolloutStep(stats(0, 0, 0), 20)).toBe('wait');
    expect(evaluateRolloutStep(stats(19, 0, 19), 20)).toBe('wait');
  });

  it('advances with enough applications under both thresholds, 20 % rollbacks exactly included', () => {
    expect(evaluateRolloutStep(stats(20, 20, 0), 20)).toBe('advance');
    expect(evaluateRolloutStep(stats(20, 16, 4), 20)).toBe('advance');
  });

  it('halts over 20 % rollbacks, naming the rate and the threshold', () => {
    const decision = evaluateRolloutStep(stats(20, 15, 5), 20);
    expect(decision).toEqual({ halt: 'rollback rate 25.0 % (5 of 20 applications) is over the 20.0 % threshold', alert: 'rollback_rate' });
  });

  it('halts over 50 % failures when rollbacks stay under their threshold', () => {
    const decision = evaluateRolloutStep(stats(20, 9, 0), 20);
    expect(decision).toEqual({ halt: 'failure rate 55.0 % (11 of 20 applications) is over the 50.0 % threshold', alert: 'failure_rate' });
  });

  it('gives rates as fractions, null without applications', () => {
    expect(stats(0, 0, 0)).toMatchObject({ rollback_rate: null, failure_rate: null, failures: 0 });
    expect(stats(4, 3, 1)).toMatchObject({ rollback_rate: 0.25, failure_rate: 0.25, failures: 1 });
  });
});

describe('the version a developer is served', () => {
  const rollout = { version: 3, previous_version: 2, share_pct: 25 };

  it('is the rollout version inside the share and the previous one outside while it rolls or is held', () => {
    for (const state of ['rolling', 'held'] as const) {
      expect(servedVersionOf({ ...rollout, state }, 24.9)).toBe(3);
      expect(servedVersionOf({ ...rollout, state }, 25)).toBe(2);
    }
    expect(servedVersionOf({ ...rollout, previous_version: null, state: 'rolling' }, 80)).toBeNull();
  });

  it('is the rollout version for everyone once completed', () => {
    expect(servedVersionOf({ ...rollout, share_pct: 100, state: 'completed' }, 99.9)).toBe(3);
  });

  it('is nothing once halted for those inside the share at halt time, the previous version for the others', () => {
    const halted = { ...rollout, share_pct: 0, state: 'halted' as const };
    expect(servedVersionOf(halted, 10, 25)).toBeNull();
    expect(servedVersionOf(halted, 30, 25)).toBe(2);
  });
});

describe('rollout steps', () => {
  it('increase, stay within (0, 100] and end at 100', () => {
    expect(rolloutStepsProblem([5, 25, 100])).toBeNull();
    expect(rolloutStepsProblem([100])).toBeNull();
    expect(rolloutStepsProblem([])).toMatch(/at least one/);
    expect(rolloutStepsProblem([25, 5, 100])).toMatch(/increase/);
    expect(rolloutStepsProblem([5, 50])).toMatch(/last step must be 100/);
    expect(rolloutStepsProblem([0, 100])).toMatch(/above 0/);
  });
});
