import { useIntl } from 'react-intl';
import { formatPercent } from '../../../../src-shared/domain/locale-format.js';
/** The default auto-apply threshold: at or above it, a patch applies without a human. */
export const AUTO_APPLY_THRESHOLD = 85;

export type ConfidenceBand = 'high' | 'medium' | 'low';

/** Which band a confidence falls in: at or above the threshold, within 25 points below, or lower. */
export function confidenceBand(value: number, threshold = AUTO_APPLY_THRESHOLD): ConfidenceBand {
  if (value >= threshold) return 'high';
  if (value >= threshold - 25) return 'medium';
  return 'low';
}

/**
 * The analyser's confidence as a short bar with its value written beside it (the colour only
 * repeats what the number and the accessible text say).
 */
export function ConfidenceMeter({ value, threshold = AUTO_APPLY_THRESHOLD }: { value: number; threshold?: number }) {
  const intl = useIntl();
  const clamped = Math.min(100, Math.max(0, Number.isFinite(value) ? value : 0));
  const band = confidenceBand(clamped, threshold);
  const text = formatPercent(intl.locale, clamped / 100, 1);
  const bandText = intl.formatMessage({ id: `logs.confidence.${band}` });
  return (
    <span
      className={`confidence confidence-${band}`}
      role="meter"
      aria-label={intl.formatMessage({ id: 'logs.confidence.label' })}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-valuetext={intl.formatMessage({ id: 'logs.confidence.valueText' }, { value: text, band: bandText })}
      title={intl.formatMessage({ id: 'logs.confidence.title' }, { value: text, band: bandText, threshold: formatPercent(intl.locale, threshold / 100, 1) })}
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
