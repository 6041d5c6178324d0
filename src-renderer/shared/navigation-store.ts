import { create } from 'zustand';

/** The pages of the console: the sidebar's, and the patch editor (opened on a draft). */
export const PAGES = ['logs', 'patch-reviews', 'patches', 'runbook', 'overview', 'conflicts', 'settings', 'patch-editor'] as const;
export type Page = (typeof PAGES)[number];

interface NavigationState {
  page: Page;
  /** The draft the patch editor shows (null: none opened yet). */
  editorDraftId: string | null;
  pageSelected(page: Page): void;
  /** A draft was opened (new, a new version, or from an unanswered error): the editor shows it. */
  draftOpened(draftId: string): void;
  /** The open draft was closed: the editor shows its landing. */
  draftClosed(): void;
}

const useNavigationStore = create<NavigationState>()((set) => ({
  page: 'logs',
  editorDraftId: null,
  pageSelected: (page) => set({ page }),
  draftOpened: (draftId) => set({ page: 'patch-editor', editorDraftId: draftId }),
  draftClosed: () => set({ editorDraftId: null }),
}));

export const useCurrentPage = () => useNavigationStore((state) => state.page);
export const usePageSelected = () => useNavigationStore((state) => state.pageSelected);
/** The draft the patch editor shows. */
export const useEditorDraftId = () => useNavigationStore((state) => state.editorDraftId);

/** Opens the patch editor on a draft, from any feature (also outside React: a mutation's success). */
export function openDraft(draftId: string): void {
  useNavigationStore.getState().draftOpened(draftId);
}

/** Closes the draft the patch editor shows (it stays saved), back to the editor's landing. */
export function closeDraft(): void {
  useNavigationStore.getState().draftClosed();
}
