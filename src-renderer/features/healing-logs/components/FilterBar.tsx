import type { RefObject } from 'react';
import { HEALING_STATUSES } from '../../../../src-shared/domain/healing-state.js';
import { PLATFORMS, SEVERITIES } from '../../../../src-shared/schemas/common.js';
import { useFiltersChanged, useLogFilters } from '../filter-store.js';
import { activeFilterCount, DEFAULT_FILTERS } from '../log-filters.js';
import { MultiSelect } from './MultiSelect.js';

const numberOrNull = (text: string) => (text.trim() === '' ? null : Math.min(100, Math.max(0, Number(text))));

/** The filters of the tables; every change lands in the address, so going back restores it. */
export function FilterBar({ searchRef }: { searchRef: RefObject<HTMLInputElement | null> }) {
  const filters = useLogFilters();
  const changed = useFiltersChanged();
  const count = activeFilterCount(filters);
  return (
    <form className="filter-bar" role="search" aria-label="Filter the logs" data-testid="filter-bar" onSubmit={(event) => event.preventDefault()}>
      <label className="filter-search">
        <span className="visually-hidden">Search issues and plugins</span>
        <input
          ref={searchRef}
          type="search"
          data-testid="filter-search"
          placeholder="Search issue or plugin  ( / )"
          value={filters.q}
          maxLength={200}
          onChange={(event) => changed({ q: event.target.value })}
          onKeyDown={(event) => {
            if (event.key === 'Escape') event.currentTarget.blur();
          }}
        />
      </label>
      {filters.view === 'all' && (
        <MultiSelect label="Status" testId="filter-status" options={HEALING_STATUSES} value={filters.status} onChange={(status) => changed({ status })} />
      )}
      <MultiSelect label="Severity" testId="filter-severity" options={SEVERITIES} value={filters.severity} onChange={(severity) => changed({ severity })} />
      <MultiSelect label="Platform" testId="filter-platform" options={PLATFORMS} value={filters.platform} onChange={(platform) => changed({ platform })} />
      <label>
        Plugin
        <input data-testid="filter-plugin" value={filters.pluginId} maxLength={128} size={12} onChange={(event) => changed({ pluginId: event.target.value })} />
      </label>
      <fieldset className="filter-range">
        <legend>Confidence %</legend>
        <input
          type="number"
          min={0}
          max={100}
          aria-label="Minimum confidence"
          data-testid="filter-cmin"
          value={filters.minConfidence ?? ''}
          onChange={(event) => changed({ minConfidence: numberOrNull(event.target.value) })}
        />
        <span aria-hidden="true">–</span>
        <input
          type="number"
          min={0}
          max={100}
          aria-label="Maximum confidence"
          data-testid="filter-cmax"
          value={filters.maxConfidence ?? ''}
          onChange={(event) => changed({ maxConfidence: numberOrNull(event.target.value) })}
        />
      </fieldset>
      <fieldset className="filter-range">
        <legend>Created</legend>
        <input type="date" aria-label="Created from" data-testid="filter-from" value={filters.from} onChange={(event) => changed({ from: event.target.value })} />
        <span aria-hidden="true">–</span>
        <input type="date" aria-label="Created until" data-testid="filter-to" value={filters.to} onChange={(event) => changed({ to: event.target.value })} />
      </fieldset>
      <button
        type="button"
        data-testid="filter-clear"
        disabled={count === 0}
        onClick={() => changed({ ...DEFAULT_FILTERS, view: filters.view })}
      >
        Clear filters{count > 0 ? ` (${count})` : ''}
      </button>
    </form>
  );
}
