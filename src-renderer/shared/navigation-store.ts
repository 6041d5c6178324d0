import { create } from 'zustand';

/** The pages of the console's sidebar. */
export const PAGES = ['logs', 'overview', 'conflicts', 'settings'] as const;
export type Page = (typeof PAGES)[number];

interface NavigationState {
  page: Page;
  pageSelected(page: Page): void;
}

const useNavigationStore = create<NavigationState>()((set) => ({
  page: 'logs',
  pageSelected: (page) => set({ page }),
}));

export const useCurrentPage = () => useNavigationStore((state) => state.page);
export const usePageSelected = () => useNavigationStore((state) => state.pageSelected);
