import { OVERVIEW_PERIODS } from '../../../../src-shared/ipc/overview.js';
import { useIntl } from 'react-intl';
import { useOverviewPeriod, usePeriodSelected } from '../overview-store.js';

/** 7, 30 or 90 days: a group of toggle buttons, the chosen one pressed. */
export function PeriodPicker() {
  const period = useOverviewPeriod();
  const periodSelected = usePeriodSelected();
  const intl = useIntl();
  return (
    <div className="period-picker" role="group" aria-label={intl.formatMessage({ id: 'overview.period.label' })}>
      {OVERVIEW_PERIODS.map((days) => (
        <button key={days} type="button" data-testid={`period-${days}`} aria-pressed={period === days} onClick={() => periodSelected(days)}>
          {intl.formatMessage({ id: 'overview.period.days' }, { days })}
        </button>
      ))}
    </div>
  );
}
