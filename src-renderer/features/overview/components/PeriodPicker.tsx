import { OVERVIEW_PERIODS } from '../../../../src-shared/ipc/overview.js';
import { useOverviewPeriod, usePeriodSelected } from '../overview-store.js';

/** 7, 30 or 90 days: a group of toggle buttons, the chosen one pressed. */
export function PeriodPicker() {
  const period = useOverviewPeriod();
  const periodSelected = usePeriodSelected();
  return (
    <div className="period-picker" role="group" aria-label="Period">
      {OVERVIEW_PERIODS.map((days) => (
        <button key={days} type="button" data-testid={`period-${days}`} aria-pressed={period === days} onClick={() => periodSelected(days)}>
          {days} days
        </button>
      ))}
    </div>
  );
}
