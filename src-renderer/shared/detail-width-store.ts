import { create } from 'zustand';

/**
 * The detail pane's width bounds in pixels. The table keeps at least `tableMin` (its narrowest column
 * set, all-logs view with a scrollbar; detail-panels.css holds the same number plus the 16px splitter).
 */
export const DETAIL_WIDTH = { min: 320, max: 1200, step: 24, tableMin: 640 } as const;
const KEY = 'molam.detailWidth';

function stored(): number | null {
  try {
    const value = Number(globalThis.localStorage?.getItem(KEY));
    return Number.isFinite(value) && value >= DETAIL_WIDTH.min && value <= DETAIL_WIDTH.max ? value : null;
  } catch {
    return null;
  }
}

interface DetailWidthState {
  /** The width the user gave the pane; null: the layout's default. */
  width: number | null;
  detailResized(width: number): void;
  detailWidthReset(): void;
}

/** The detail pane's width, remembered across launches (UI state only). */
export const useDetailWidthStore = create<DetailWidthState>()((set) => ({
  width: stored(),
  detailResized: (width) => {
    const clamped = Math.round(Math.min(DETAIL_WIDTH.max, Math.max(DETAIL_WIDTH.min, width)));
    set({ width: clamped });
    try {
      globalThis.localStorage?.setItem(KEY, String(clamped));
    } catch {
      // Storage refused (private mode): the width still holds for this session.
    }
  },
  detailWidthReset: () => {
    set({ width: null });
    try {
      globalThis.localStorage?.removeItem(KEY);
    } catch {
      // As above.
    }
  },
}));
