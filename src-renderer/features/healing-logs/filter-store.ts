import { create } from 'zustand';
import { DEFAULT_FILTERS, parseFilters, serializeFilters, type LogFilters } from './log-filters.js';

interface LogFilterState {
  filters: LogFilters;
  /** The user changed some filters: a new history entry, so going back restores the previous ones. */
  filtersChanged(patch: Partial<LogFilters>): void;
  /** The address changed under us (back, forward, a pasted link): the filters follow it. */
  filtersRestored(filters: LogFilters): void;
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
  filters: globalThis.location ? parseFilters(currentHash()) : DEFAULT_FILTERS,
  filtersChanged: (patch) => {
    const previous = get().filters;
    const filters = { ...previous, ...patch };
    set({ filters });
    // Typing in a text field replaces the entry: one history step per search, not per keystroke.
    const typingOnly = (Object.keys(patch) as (keyof LogFilters)[]).every(
      (key) => (key === 'q' || key === 'pluginId') && previous[key] !== '' && filters[key] !== '',
    );
    writeAddress(filters, typingOnly ? 'replace' : 'push');
  },
  filtersRestored: (filters) => set({ filters }),
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
