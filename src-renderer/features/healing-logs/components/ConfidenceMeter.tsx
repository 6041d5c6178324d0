/** The default auto-apply threshold: at or above it, a patch applies without a human. */
export const AUTO_APPLY_THRESHOLD = 85;

export type ConfidenceBand = 'high' | 'medium' | 'low';

/** Which band a confidence falls in: at or above the threshold, within 25 points below, or lower. */
export function confidenceBand(value: number, threshold = AUTO_APPLY_THRESHOLD): ConfidenceBand {
  if (value >= threshold) return 'high';
  if (value >= threshold - 25) return 'medium';
  return 'low';
}

const BAND_TEXT: Record<ConfidenceBand, string> = {
  high: 'at or above the auto-apply threshold',
  medium: 'below the auto-apply threshold',
  low: 'low',
};

/**
 * The analyser's confidence as a short bar with its value written beside it (the colour only
 * repeats what the number and the accessible text say).
 */
export function ConfidenceMeter({ value, threshold = AUTO_APPLY_THRESHOLD }: { value: number; threshold?: number }) {
  const clamped = Math.min(100, Math.max(0, Number.isFinite(value) ? value : 0));
  const band = confidenceBand(clamped, threshold);
  const text = `${clamped.toFixed(clamped % 1 === 0 ? 0 : 1)} %`;
  return (
    <span
      className={`confidence confidence-${band}`}
      role="meter"
      aria-label="Confidence"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-valuetext={`${text}, ${BAND_TEXT[band]}`}
      title={`${text}: ${BAND_TEXT[band]} (${threshold} %)`}
      data-testid="confidence-meter"
      data-band={band}
    >
      <span className="confidence-track" aria-hidden="true">
        <span className="confidence-fill" style={{ width: `${clamped}%` }} />
        <span className="confidence-threshold" style={{ left: `${threshold}%` }} />
      </span>
      <span className="confidence-value">{text}</span>
    </span>
  );
}
