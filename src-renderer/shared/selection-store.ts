import { create } from 'zustand';

interface SelectionState {
  /** The healing log the detail pane shows. */
  selectedId: string | null;
  logSelected(id: string | null): void;
}

/** Which log is selected in the tables (UI state only; the log itself comes from the cache). */
export const useSelectionStore = create<SelectionState>()((set) => ({
  selectedId: null,
  logSelected: (id) => set({ selectedId: id }),
}));
