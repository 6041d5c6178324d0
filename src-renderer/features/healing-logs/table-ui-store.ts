import { create } from 'zustand';

interface TableUiState {
  /** The row j/k move over (its index in the current view), null before the first move. */
  cursor: number | null;
  /** The log whose reject reason is being asked for, if any. */
  rejectingId: string | null;
  shortcutsOpen: boolean;
  cursorMoved(index: number | null): void;
  rejectOpened(id: string): void;
  rejectClosed(): void;
  shortcutsToggled(open?: boolean): void;
}

/** The keyboard cursor and the table's dialogs (UI state only). */
const useTableUiStore = create<TableUiState>()((set) => ({
  cursor: null,
  rejectingId: null,
  shortcutsOpen: false,
  cursorMoved: (cursor) => set({ cursor }),
  rejectOpened: (rejectingId) => set({ rejectingId }),
  rejectClosed: () => set({ rejectingId: null }),
  shortcutsToggled: (open) => set((state) => ({ shortcutsOpen: open ?? !state.shortcutsOpen })),
}));

export const useCursor = () => useTableUiStore((state) => state.cursor);
export const useIsCursor = (index: number) => useTableUiStore((state) => state.cursor === index);
export const useRejectingId = () => useTableUiStore((state) => state.rejectingId);
export const useShortcutsOpen = () => useTableUiStore((state) => state.shortcutsOpen);
export const tableUi = {
  cursorMoved: (index: number | null) => useTableUiStore.getState().cursorMoved(index),
  rejectOpened: (id: string) => useTableUiStore.getState().rejectOpened(id),
  rejectClosed: () => useTableUiStore.getState().rejectClosed(),
  shortcutsToggled: (open?: boolean) => useTableUiStore.getState().shortcutsToggled(open),
  cursor: () => useTableUiStore.getState().cursor,
};
