import { create } from 'zustand';
import { checkClicked, type CheckState } from './range-selection.js';

interface CheckStoreState extends CheckState {
  checkboxClicked(index: number, shift: boolean, idAt: (index: number) => string | undefined): void;
  /** The header checkbox: check these (the loaded rows), or clear them all when all are checked. */
  allToggled(ids: readonly string[]): void;
  checksCleared(): void;
  /** A bulk action decided these logs: they leave the checks (the others stay). */
  checksDecided(ids: readonly string[]): void;
}

/**
 * The logs checked for a bulk action (ids only; their rows come from the cache). After an action the
 * decided logs leave the checks; the skipped and failed ones stay, so the user can act on them again.
 */
const useCheckStore = create<CheckStoreState>()((set) => ({
  checked: new Set<string>(),
  anchor: null,
  checkboxClicked: (index, shift, idAt) => set((state) => checkClicked(state, index, shift, idAt)),
  allToggled: (ids) =>
    set((state) => {
      const allChecked = ids.length > 0 && ids.every((id) => state.checked.has(id));
      return { checked: allChecked ? new Set<string>() : new Set([...state.checked, ...ids]), anchor: null };
    }),
  checksCleared: () => set({ checked: new Set<string>(), anchor: null }),
  checksDecided: (ids) =>
    set((state) => {
      const checked = new Set(state.checked);
      for (const id of ids) checked.delete(id);
      // Rows move once decided logs leave a view: a range anchored by index would span others.
      return { checked, anchor: null };
    }),
}));

export const useCheckedIds = () => useCheckStore((state) => state.checked);
export const useIsChecked = (id: string | undefined) => useCheckStore((state) => id !== undefined && state.checked.has(id));
/** The store's actions (stable functions, for event handlers). */
export const checks = {
  checkboxClicked: (index: number, shift: boolean, idAt: (index: number) => string | undefined) =>
    useCheckStore.getState().checkboxClicked(index, shift, idAt),
  allToggled: (ids: readonly string[]) => useCheckStore.getState().allToggled(ids),
  checksCleared: () => useCheckStore.getState().checksCleared(),
  checksDecided: (ids: readonly string[]) => useCheckStore.getState().checksDecided(ids),
};
