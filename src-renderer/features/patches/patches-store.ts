import { create } from 'zustand';
import type { PATCH_SORT_COLUMNS, PatchListFilters } from '../../../src-shared/ipc/patches.js';

export type PatchSortColumn = (typeof PATCH_SORT_COLUMNS)[number];
export interface PatchSort {
  column: PatchSortColumn;
  direction: 'asc' | 'desc';
}

export const DEFAULT_PATCH_FILTERS: PatchListFilters = { languages: [], states: [], search: '', alert: null };
const DEFAULT_SORT: PatchSort = { column: 'last_change_at', direction: 'desc' };

interface PatchesUiState {
  filters: PatchListFilters;
  sort: PatchSort;
  /** The patch whose versions the detail panel shows. */
  openPatchId: string | null;
  /** The patch the deactivation dialog asks about. */
  deactivatingId: string | null;
  filtersChanged(patch: Partial<PatchListFilters>): void;
  /** A column header was pressed: sort by it, or flip its direction when it already sorts. */
  sortToggled(column: PatchSortColumn): void;
  patchOpened(patchId: string | null): void;
  deactivateAsked(patchId: string | null): void;
}

/** Figures read best largest first; words and names in alphabetical order. */
const DESCENDING_FIRST = new Set<PatchSortColumn>(['applications_7d', 'success_rate_7d', 'rollback_rate_24h', 'failure_rate_1h', 'last_seen_at', 'last_change_at', 'active_version']);

const usePatchesUiStore = create<PatchesUiState>()((set) => ({
  filters: DEFAULT_PATCH_FILTERS,
  sort: DEFAULT_SORT,
  openPatchId: null,
  deactivatingId: null,
  filtersChanged: (patch) => set((state) => ({ filters: { ...state.filters, ...patch } })),
  sortToggled: (column) =>
    set(({ sort }) => ({
      sort:
        sort.column === column
          ? { column, direction: sort.direction === 'asc' ? 'desc' : 'asc' }
          : { column, direction: DESCENDING_FIRST.has(column) ? 'desc' : 'asc' },
    })),
  patchOpened: (openPatchId) => set({ openPatchId }),
  deactivateAsked: (deactivatingId) => set({ deactivatingId }),
}));

export const usePatchFilters = () => usePatchesUiStore((state) => state.filters);
export const usePatchSort = () => usePatchesUiStore((state) => state.sort);
export const useOpenPatchId = () => usePatchesUiStore((state) => state.openPatchId);
export const useDeactivatingId = () => usePatchesUiStore((state) => state.deactivatingId);

/** The store's actions (stable: safe to call from handlers and effects). */
export const patchesUi = {
  filtersChanged: (patch: Partial<PatchListFilters>) => usePatchesUiStore.getState().filtersChanged(patch),
  sortToggled: (column: PatchSortColumn) => usePatchesUiStore.getState().sortToggled(column),
  patchOpened: (patchId: string | null) => usePatchesUiStore.getState().patchOpened(patchId),
  deactivateAsked: (patchId: string | null) => usePatchesUiStore.getState().deactivateAsked(patchId),
};
