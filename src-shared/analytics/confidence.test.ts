import { describe, expect, it } from 'vitest';
import { confidenceBuckets, outcomeOf, successRatePercent, thresholdWhatIf, type ConfidenceHistogramRow } from './confidence.js';

const row = (confidence: number, counts: Partial<Omit<ConfidenceHistogramRow, 'confidence'>>): ConfidenceHistogramRow => ({
  confidence,
  applied: 0,
  rolled_back: 0,
  failed: 0,
  open: 0,
  ...counts,
});

describe('calibration buckets', () => {
  it('puts each confidence into its ten-point bucket and 100 into the last one', () => {
    const buckets = confidenceBuckets([row(0, { applied: 1 }), row(9, { failed: 1 }), row(10, { applied: 2 }), row(99, { applied: 1 }), row(100, { rolled_back: 1 })]);
    expect(buckets).toHaveLength(10);
    expect(buckets[0]).toMatchObject({ label: '0–9', applied: 1, failed: 1, decided: 2, successRate: 0.5 });
    expect(buckets[1]).toMatchObject({ label: '10–19', applied: 2, successRate: 1 });
    expect(buckets[9]).toMatchObject({ label: '90–100', applied: 1, rolled_back: 1, total: 2, successRate: 0.5 });
  });

  it('counts applied as success and rolled back or failed as failure, leaving open logs out of the rate', () => {
    const [bucket] = confidenceBuckets([row(85, { applied: 3, rolled_back: 1, failed: 1, open: 5 })], 100);
    expect(bucket).toMatchObject({ applied: 3, decided: 5, total: 10, successRate: 0.6 });
  });

  it('has no success rate for a bucket where nothing has an outcome yet', () => {
    const buckets = confidenceBuckets([row(42, { open: 4 })]);
    expect(buckets[4]).toMatchObject({ total: 4, decided: 0, successRate: null });
    expect(buckets[5]).toMatchObject({ total: 0, successRate: null });
  });

  it('sums rows that fall into the same bucket', () => {
    const buckets = confidenceBuckets([row(70, { applied: 1 }), row(75, { applied: 1, failed: 2 }), row(79, { open: 1 })]);
    expect(buckets[7]).toMatchObject({ applied: 2, failed: 2, open: 1, total: 5, successRate: 0.5 });
  });

  it('supports other widths and refuses nonsensical ones', () => {
    const buckets = confidenceBuckets([row(33, { applied: 1 })], 25);
    expect(buckets.map((b) => b.label)).toEqual(['0–24', '25–49', '50–74', '75–100']);
    expect(buckets[1]!.applied).toBe(1);
    expect(() => confidenceBuckets([], 0)).toThrow(RangeError);
    expect(() => confidenceBuckets([], 2.5)).toThrow(RangeError);
  });
});

describe('the threshold what-if', () => {
  const rows = [row(50, { applied: 2, failed: 2, open: 1 }), row(84, { applied: 1, rolled_back: 1 }), row(85, { applied: 3, failed: 1, open: 2 }), row(97, { applied: 4 })];

  it('counts logs at or above the threshold as auto-applied and the rest as waiting for review', () => {
    const result = thresholdWhatIf(rows, 85);
    expect(result).toMatchObject({ wouldAutoApply: 10, wouldWaitForReview: 7, decidedAbove: 8, failuresAbove: 1 });
    expect(result.failureRateAbove).toBeCloseTo(1 / 8);
  });

  it('auto-applies everything at threshold 0 and only perfect scores at 100', () => {
    expect(thresholdWhatIf(rows, 0)).toMatchObject({ wouldAutoApply: 17, wouldWaitForReview: 0, failuresAbove: 4 });
    expect(thresholdWhatIf(rows, 100)).toMatchObject({ wouldAutoApply: 0, wouldWaitForReview: 17, failureRateAbove: null });
  });

  it('raises the failure rate as the threshold drops into badly calibrated confidence', () => {
    const high = thresholdWhatIf(rows, 85).failureRateAbove!;
    const low = thresholdWhatIf(rows, 50).failureRateAbove!;
    expect(low).toBeGreaterThan(high);
    expect(low).toBeCloseTo(4 / 14);
  });

  it('refuses a threshold outside 0 to 100', () => {
    expect(() => thresholdWhatIf(rows, 101)).toThrow(RangeError);
    expect(() => thresholdWhatIf(rows, Number.NaN)).toThrow(RangeError);
  });
});

describe('outcomes and the success rate', () => {
  it('maps statuses to outcomes', () => {
    expect(['applied', 'rolled_back', 'failed', 'pending_review', 'rejected'].map(outcomeOf)).toEqual(['applied', 'rolled_back', 'failed', 'open', 'open']);
  });

  it('computes the seed success rate in percent with two decimals', () => {
    expect(successRatePercent({ applied: 2, rolled_back: 1, failed: 0 })).toBe(66.67);
    expect(successRatePercent({ applied: 0, rolled_back: 0, failed: 0 })).toBeNull();
  });
});
