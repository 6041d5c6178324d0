/**
 * Confidence analytics over the healing logs: calibration buckets, the distribution of confidence by
 * outcome and the auto-apply threshold what-if. Pure functions over a confidence histogram (one row
 * per whole-number confidence with its count per outcome), which the main process aggregates in SQL.
 */

/** How a log ended, for calibration: `applied` is a success, `rolled_back` and `failed` are failures. */
export const OUTCOMES = ['applied', 'rolled_back', 'failed', 'open'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Maps a healing-log status to its outcome; anything not yet ended (or rejected, superseded) is `open`. */
export function outcomeOf(status: string): Outcome {
  return status === 'applied' || status === 'rolled_back' || status === 'failed' ? status : 'open';
}

/** Counts of logs at one whole-number confidence (0..100), per outcome. */
export interface ConfidenceHistogramRow {
  confidence: number;
  applied: number;
  rolled_back: number;
  failed: number;
  open: number;
}

/** One confidence bucket [from, to) (the last one includes 100). */
export interface ConfidenceBucket {
  from: number;
  to: number;
  label: string;
  applied: number;
  rolled_back: number;
  failed: number;
  open: number;
  total: number;
  /** Logs with a known outcome (applied, rolled back or failed). */
  decided: number;
  /** applied / decided, 0..1; null when nothing in the bucket has an outcome yet. */
  successRate: number | null;
}

/** Groups the histogram into buckets of `width` points (default 10: 0-9, 10-19, …, 90-100). */
export function confidenceBuckets(rows: readonly ConfidenceHistogramRow[], width = 10): ConfidenceBucket[] {
  if (!Number.isInteger(width) || width < 1 || width > 100) throw new RangeError(`bucket width must be a whole number from 1 to 100, not ${width}`);
  const count = Math.ceil(100 / width);
  const buckets: ConfidenceBucket[] = Array.from({ length: count }, (_, i) => {
    const from = i * width;
    const to = Math.min(100, from + width);
    const last = i === count - 1;
    return { from, to, label: last ? `${from}–100` : `${from}–${to - 1}`, applied: 0, rolled_back: 0, failed: 0, open: 0, total: 0, decided: 0, successRate: null };
  });
  for (const row of rows) {
    const confidence = clampConfidence(row.confidence);
    const bucket = buckets[Math.min(count - 1, Math.floor(confidence / width))]!;
    bucket.applied += row.applied;
    bucket.rolled_back += row.rolled_back;
    bucket.failed += row.failed;
    bucket.open += row.open;
  }
  for (const bucket of buckets) {
    bucket.decided = bucket.applied + bucket.rolled_back + bucket.failed;
    bucket.total = bucket.decided + bucket.open;
    bucket.successRate = bucket.decided === 0 ? null : bucket.applied / bucket.decided;
  }
  return buckets;
}

/** What auto-applying at or above `threshold` would have done over the histogram's logs. */
export interface ThresholdWhatIf {
  threshold: number;
  /** Logs at or above the threshold: the ones that would have been applied without review. */
  wouldAutoApply: number;
  /** Logs below it: the ones that would have waited for a reviewer. */
  wouldWaitForReview: number;
  /** Of the logs at or above the threshold, those with a known outcome. */
  decidedAbove: number;
  /** Rolled back or failed at or above the threshold. */
  failuresAbove: number;
  /** failuresAbove / decidedAbove, 0..1; null when none above has an outcome. */
  failureRateAbove: number | null;
}

/** The threshold what-if: a log auto-applies when its confidence is at or above the threshold. */
export function thresholdWhatIf(rows: readonly ConfidenceHistogramRow[], threshold: number): ThresholdWhatIf {
  if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) throw new RangeError(`threshold must be from 0 to 100, not ${threshold}`);
  let above = 0;
  let below = 0;
  let decidedAbove = 0;
  let failuresAbove = 0;
  for (const row of rows) {
    const total = row.applied + row.rolled_back + row.failed + row.open;
    if (clampConfidence(row.confidence) >= threshold) {
      above += total;
      decidedAbove += row.applied + row.rolled_back + row.failed;
      failuresAbove += row.rolled_back + row.failed;
    } else {
      below += total;
    }
  }
  return {
    threshold,
    wouldAutoApply: above,
    wouldWaitForReview: below,
    decidedAbove,
    failuresAbove,
    failureRateAbove: decidedAbove === 0 ? null : failuresAbove / decidedAbove,
  };
}

/** The seed's success rate, in percent: applied / (applied + rolled back + failed); null with none. */
export function successRatePercent(counts: { applied: number; rolled_back: number; failed: number }): number | null {
  const decided = counts.applied + counts.rolled_back + counts.failed;
  return decided === 0 ? null : Math.round((10_000 * counts.applied) / decided) / 100;
}

function clampConfidence(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}
