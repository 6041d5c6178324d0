import { create } from 'zustand';
import { DEFAULT_FILTERS, parseFilters, serializeFilters, type LogFilters, type LogView } from './log-filters.js';

interface LogFilterState {
  /** The filters of the view on screen (they carry its name). */
  filters: LogFilters;
  /** Each view's own filters: the review queue and the all-logs table never share a filter. */
  byView: Readonly<Record<LogView, LogFilters>>;
  /**
   * The user changed some filters, or switched views (`view`): a new history entry, so going back
   * restores the previous ones. Switching views brings back that view's own filters.
   */
  filtersChanged(patch: Partial<LogFilters>): void;
  /** The address changed under us (back, forward, a pasted link): the filters of its view follow it. */
  filtersRestored(filters: LogFilters): void;
}

const emptyFilters = (view: LogView): LogFilters => ({ ...DEFAULT_FILTERS, view });

function initialState(): Pick<LogFilterState, 'filters' | 'byView'> {
  const filters = globalThis.location ? parseFilters(currentHash()) : DEFAULT_FILTERS;
  const byView = { queue: emptyFilters('queue'), all: emptyFilters('all'), [filters.view]: filters };
  return { filters, byView };
}

const currentHash = () => globalThis.location?.hash ?? '';

function writeAddress(filters: LogFilters, mode: 'push' | 'replace'): void {
  if (!globalThis.history || !globalThis.location) return;
  const hash = serializeFilters(filters, currentHash());
  if (hash === currentHash() || (hash === '' && currentHash() === '#')) return;
  const url = `${location.pathname}${location.search}${hash}`;
  if (mode === 'push') history.pushState(null, '', url);
  else history.replaceState(null, '', url);
}

const useLogFilterStore = create<LogFilterState>()((set, get) => ({
  ...initialState(),
  filtersChanged: (patch) => {
    const { filters: previous, byView } = get();
    const view = patch.view ?? previous.view;
    const filters = { ...(view === previous.view ? previous : byView[view]), ...patch, view };
    set({ filters, byView: { ...byView, [view]: filters } });
    // Typing in a text field replaces the entry: one history step per search, not per keystroke.
    const typingOnly = (Object.keys(patch) as (keyof LogFilters)[]).every(
      (key) => (key === 'q' || key === 'pluginId') && previous[key] !== '' && filters[key] !== '',
    );
    writeAddress(filters, typingOnly ? 'replace' : 'push');
  },
  filtersRestored: (filters) => set({ filters, byView: { ...get().byView, [filters.view]: filters } }),
}));

/** Follows back and forward (and edits of the address) while the tables are shown. */
export function followAddress(): () => void {
  const onChange = () => useLogFilterStore.getState().filtersRestored(parseFilters(currentHash()));
  globalThis.addEventListener('popstate', onChange);
  globalThis.addEventListener('hashchange', onChange);
  return () => {
    globalThis.removeEventListener('popstate', onChange);
    globalThis.removeEventListener('hashchange', onChange);
  };
}

export const useLogFilters = () => useLogFilterStore((state) => state.filters);
export const useLogView = () => useLogFilterStore((state) => state.filters.view);
export const useFiltersChanged = () => useLogFilterStore((state) => state.filtersChanged);

/** Test seam: back to the filters the address gives (each test starts from a clean store). */
export function resetLogFilters(): void {
  useLogFilterStore.setState(initialState());
}
