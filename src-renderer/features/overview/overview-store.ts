import { create } from 'zustand';
import type { OverviewPeriod } from '../../../src-shared/ipc/overview.js';

/** The default auto-apply threshold of a rule (see the architecture notes). */
export const DEFAULT_THRESHOLD = 85;

interface OverviewState {
  period: OverviewPeriod;
  threshold: number;
  periodSelected(period: OverviewPeriod): void;
  thresholdMoved(threshold: number): void;
}

const useOverviewStore = create<OverviewState>()((set) => ({
  period: 30,
  threshold: DEFAULT_THRESHOLD,
  periodSelected: (period) => set({ period }),
  thresholdMoved: (threshold) => set({ threshold: Math.min(100, Math.max(0, Math.round(threshold))) }),
}));

export const useOverviewPeriod = () => useOverviewStore((state) => state.period);
export const usePeriodSelected = () => useOverviewStore((state) => state.periodSelected);
export const useWhatIfThreshold = () => useOverviewStore((state) => state.threshold);
export const useThresholdMoved = () => useOverviewStore((state) => state.thresholdMoved);
