import { create } from 'zustand';
import type { LogCursor } from './cursor-rules.js';

interface TableUiState {
  /** The log j/k/a/r/Enter act on and where it was last seen (see cursor-rules.ts); null before the first move. */
  cursor: LogCursor | null;
  /** What the polite live region last said about the cursor (its log left the view; where it went). */
  cursorNote: string;
  /** The log whose reject reason is being asked for, if any. */
  rejectingId: string | null;
  shortcutsOpen: boolean;
  cursorMoved(cursor: LogCursor | null): void;
  cursorAnnounced(note: string): void;
  rejectOpened(id: string): void;
  rejectClosed(): void;
  shortcutsToggled(open?: boolean): void;
}

const sameCursor = (a: LogCursor | null, b: LogCursor | null) => a === b || (a !== null && b !== null && a.id === b.id && a.index === b.index);

/** The keyboard cursor and the table's dialogs (UI state only). */
const useTableUiStore = create<TableUiState>()((set) => ({
  cursor: null,
  cursorNote: '',
  rejectingId: null,
  shortcutsOpen: false,
  cursorMoved: (cursor) => set((state) => (sameCursor(state.cursor, cursor) ? state : { cursor })),
  cursorAnnounced: (cursorNote) => set({ cursorNote }),
  rejectOpened: (rejectingId) => set({ rejectingId }),
  rejectClosed: () => set({ rejectingId: null }),
  shortcutsToggled: (open) => set((state) => ({ shortcutsOpen: open ?? !state.shortcutsOpen })),
}));

export const useCursor = () => useTableUiStore((state) => state.cursor);
/** Whether a row's log is the cursor's (by log, not by place: rows moving around do not move it). */
export const useIsCursor = (logId: string | undefined) => useTableUiStore((state) => logId !== undefined && state.cursor?.id === logId);
export const useCursorNote = () => useTableUiStore((state) => state.cursorNote);
export const useRejectingId = () => useTableUiStore((state) => state.rejectingId);
export const useShortcutsOpen = () => useTableUiStore((state) => state.shortcutsOpen);
export const tableUi = {
  cursorMoved: (cursor: LogCursor | null) => useTableUiStore.getState().cursorMoved(cursor),
  cursorAnnounced: (note: string) => useTableUiStore.getState().cursorAnnounced(note),
  rejectOpened: (id: string) => useTableUiStore.getState().rejectOpened(id),
  rejectClosed: () => useTableUiStore.getState().rejectClosed(),
  shortcutsToggled: (open?: boolean) => useTableUiStore.getState().shortcutsToggled(open),
  cursor: () => useTableUiStore.getState().cursor,
  /** Calls `listener` with the cursor each time it moves (without re-rendering anything). */
  onCursorMoved: (listener: (cursor: LogCursor | null) => void) =>
    useTableUiStore.subscribe((state, before) => {
      if (state.cursor !== before.cursor) listener(state.cursor);
    }),
};
