import { formatPercent } from '../../../src-shared/domain/locale-format.js';
import { FAILURE_RATE_ALERT, ROLLBACK_RATE_ALERT, type PatchAlert } from '../../../src-shared/domain/sdk-patch-rules.js';

/** The runbook's threshold of an alert, as the reader's locale writes a percentage ("20%", "20 %"). */
export function alertThreshold(locale: string, alert: PatchAlert): string {
  return formatPercent(locale, alert === 'rollback_rate' ? ROLLBACK_RATE_ALERT : FAILURE_RATE_ALERT);
}
