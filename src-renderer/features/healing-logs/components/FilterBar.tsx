import { useIntl } from 'react-intl';
import type { RefObject } from 'react';
import { HEALING_STATUSES } from '../../../../src-shared/domain/healing-state.js';
import { PLATFORMS, SEVERITIES } from '../../../../src-shared/schemas/common.js';
import { useFiltersChanged, useLogFilters } from '../filter-store.js';
import { activeFilterCount, DEFAULT_FILTERS } from '../log-filters.js';
import { MultiSelect } from './MultiSelect.js';

const numberOrNull = (text: string) => (text.trim() === '' ? null : Math.min(100, Math.max(0, Number(text))));

/** The filters of the tables; every change lands in the address, so going back restores it. */
export function FilterBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const filters = useLogFilters();
  const changed = useFiltersChanged();
  const count = activeFilterCount(filters);
  return (
    <form className="filter-bar" role="search" aria-label={t('logs.filter.label')} data-testid="filter-bar" onSubmit={(event) => event.preventDefault()}>
      <label className="filter-search">
        <span className="visually-hidden">{t('logs.filter.searchLabel')}</span>
        <input
          ref={searchRef}
          type="search"
          data-testid="filter-search"
          placeholder={t('logs.filter.searchPlaceholder')}
          value={filters.q}
          maxLength={200}
          onChange={(event) => changed({ q: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
        />
      </label>
      {filters.view === 'all' && (
        <MultiSelect
          label={t('logs.filter.status')}
          testId="filter-status"
          anyText={intl.formatMessage({ id: 'logs.filter.any' }, { filter: 'status' })}
          options={HEALING_STATUSES}
          optionLabel={(status) => t(`shared.status.${status}`)}
          value={filters.status}
          onChange={(status) => changed({ status })}
        />
      )}
      <MultiSelect
        label={t('logs.filter.severity')}
        testId="filter-severity"
        anyText={intl.formatMessage({ id: 'logs.filter.any' }, { filter: 'severity' })}
        options={SEVERITIES}
        optionLabel={(severity) => t(`shared.severity.${severity}`)}
        value={filters.severity}
        onChange={(severity) => changed({ severity })}
      />
      <MultiSelect
        label={t('logs.filter.platform')}
        anyText={intl.formatMessage({ id: 'logs.filter.any' }, { filter: 'platform' })}
        testId="filter-platform"
        options={PLATFORMS}
        value={filters.platform}
        onChange={(platform) => changed({ platform })}
      />
      <label>
        {t('logs.filter.plugin')}
        <input data-testid="filter-plugin" value={filters.pluginId} maxLength={128} size={12} onChange={(event) => changed({ pluginId: event.target.value })} />
      </label>
      <fieldset className="filter-range">
        <legend>{t('logs.filter.confidence')}</legend>
        <input
          type="number"
          min={0}
          max={100}
          aria-label={t('logs.filter.minConfidence')}
          data-testid="filter-cmin"
          value={filters.minConfidence ?? ''}
          onChange={(event) => changed({ minConfidence: numberOrNull(event.target.value) })}
        />
        <span aria-hidden="true">–</span>
        <input
          type="number"
          min={0}
          max={100}
          aria-label={t('logs.filter.maxConfidence')}
          data-testid="filter-cmax"
          value={filters.maxConfidence ?? ''}
          onChange={(event) => changed({ maxConfidence: numberOrNull(event.target.value) })}
        />
      </fieldset>
      <fieldset className="filter-range">
        <legend>{t('logs.filter.created')}</legend>
        <input type="date" aria-label={t('logs.filter.from')} data-testid="filter-from" value={filters.from} onChange={(event) => changed({ from: event.target.value })} />
        <span aria-hidden="true">–</span>
        <input type="date" aria-label={t('logs.filter.until')} data-testid="filter-to" value={filters.to} onChange={(event) => changed({ to: event.target.value })} />
      </fieldset>
      <button
        type="button"
        data-testid="filter-clear"
        disabled={count === 0}
        onClick={() => changed({ ...DEFAULT_FILTERS, view: filters.view })}
      >
        {intl.formatMessage({ id: 'logs.filter.clear' }, { count })}
      </button>
    </form>
  );
}
