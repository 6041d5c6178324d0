import { useIntl } from 'react-intl';
import { PATCH_STATES, type PatchState } from '../../../../src-shared/domain/sdk-patch-rules.js';
import type { PatchListFilters } from '../../../../src-shared/ipc/patches.js';
import type { SdkLanguage } from '../../../../src-shared/patch-format.js';
import { alertThreshold } from '../alert-threshold.js';
import { DEFAULT_PATCH_FILTERS, patchesUi, usePatchFilters } from '../patches-store.js';
import { SdkLanguageOptions } from '../../../shared/patch-registry/SdkLanguageOptions.js';

const ALERTS = ['rollback_rate', 'failure_rate', 'any'] as const;
/** Drafts live on the workstation, never in the registry's table. */
const REGISTRY_STATES = PATCH_STATES.filter((state) => state !== 'draft');

const activeCount = (filters: PatchListFilters) =>
  (filters.languages.length > 0 ? 1 : 0) + (filters.states.length > 0 ? 1 : 0) + (filters.search.trim() !== '' ? 1 : 0) + (filters.alert !== null ? 1 : 0);

/** The Patches table's filters: language, state, a search, and the runbook's alert thresholds. */
export function PatchFilterBar() {
  const intl = useIntl();
  const t = (id: string) => intl.formatMessage({ id });
  const filters = usePatchFilters();
  const count = activeCount(filters);
  return (
    <form className="filter-bar" role="search" aria-label={t('patches.filter.label')} data-testid="patch-filter-bar" onSubmit={(event) => event.preventDefault()}>
      <label className="filter-search">
        <span className="visually-hidden">{t('patches.filter.searchLabel')}</span>
        <input
          type="search"
          data-testid="patch-filter-search"
          placeholder={t('patches.filter.searchPlaceholder')}
          value={filters.search}
          maxLength={200}
          onChange={(event) => patchesUi.filtersChanged({ search: event.target.value })}
        />
      </label>
      <label>
        {t('patches.filter.language')}
        <select
          data-testid="patch-filter-language"
          value={filters.languages[0] ?? ''}
          onChange={(event) => patchesUi.filtersChanged({ languages: event.target.value === '' ? [] : [event.target.value as SdkLanguage] })}
        >
          <option value="">{t('patches.filter.anyLanguage')}</option>
          <SdkLanguageOptions />
        </select>
      </label>
      <label>
        {t('patches.filter.state')}
        <select
          data-testid="patch-filter-state"
          value={filters.states[0] ?? ''}
          onChange={(event) => patchesUi.filtersChanged({ states: event.target.value === '' ? [] : [event.target.value as PatchState] })}
        >
          <option value="">{t('patches.filter.anyState')}</option>
          {REGISTRY_STATES.map((state) => (
            <option key={state} value={state}>
              {t(`patches.state.${state}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('patches.filter.alert')}
        <select
          data-testid="patch-filter-alert"
          value={filters.alert ?? ''}
          onChange={(event) => patchesUi.filtersChanged({ alert: event.target.value === '' ? null : (event.target.value as (typeof ALERTS)[number]) })}
        >
          <option value="">{t('patches.filter.alertNone')}</option>
          {ALERTS.map((alert) => (
            <option key={alert} value={alert}>
              {alert === 'any' ? t('patches.filter.alert.any') : intl.formatMessage({ id: `patches.filter.alert.${alert}` }, { rate: alertThreshold(intl.locale, alert) })}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="patch-filter-clear" disabled={count === 0} onClick={() => patchesUi.filtersChanged(DEFAULT_PATCH_FILTERS)}>
        {intl.formatMessage({ id: 'patches.filter.clear' }, { count })}
      </button>
    </form>
  );
}
