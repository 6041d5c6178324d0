import { create } from 'zustand';

/** Which logs the list shows: the review queue (waiting for a decision) or every cached log. */
export type LogScope = 'review' | 'all';

interface LogFilterState {
  scope: LogScope;
  scopeChanged(scope: LogScope): void;
}

const useLogFilterStore = create<LogFilterState>()((set) => ({
  scope: 'review',
  scopeChanged: (scope) => set({ scope }),
}));

export const useLogScope = () => useLogFilterStore((state) => state.scope);
export const useLogScopeChanged = () => useLogFilterStore((state) => state.scopeChanged);
