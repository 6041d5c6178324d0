import { create } from 'zustand';
import { checkClicked, type CheckState } from './range-selection.js';

interface CheckStoreState extends CheckState {
  checkboxClicked(index: number, shift: boolean, idAt: (index: number) => string | undefined): void;
  /** The header checkbox: check these (the loaded rows), or clear them all when all are checked. */
  allToggled(ids: readonly string[]): void;
  checksCleared(): void;
}

/**
 * The logs checked for a bulk action (ids only; their rows come from the cache). The checks stay
 * after an action, so the user sees each row's new state and can act again on what was skipped.
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
}));

export const useCheckedIds = () => useCheckStore((state) => state.checked);
export const useIsChecked = (id: string | undefined) => useCheckStore((state) => id !== undefined && state.checked.has(id));
/** The store's actions (stable functions, for event handlers). */
export const checks = {
  checkboxClicked: (index: number, shift: boolean, idAt: (index: number) => string | undefined) =>
    useCheckStore.getState().checkboxClicked(index, shift, idAt),
  allToggled: (ids: readonly string[]) => useCheckStore.getState().allToggled(ids),
  checksCleared: () => useCheckStore.getState().checksCleared(),
};
