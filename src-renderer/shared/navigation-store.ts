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
  /** A patch to open on the Patches page, asked from another screen (null once the page opened it). */
  requestedPatchId: string | null;
  patchRequested(patchId: string | null): void;
}

const useNavigationStore = create<NavigationState>()((set) => ({
  page: 'logs',
  editorDraftId: null,
  pageSelected: (page) => set({ page }),
  draftOpened: (draftId) => set({ page: 'patch-editor', editorDraftId: draftId }),
  draftClosed: () => set({ editorDraftId: null }),
  requestedPatchId: null,
  patchRequested: (patchId) => set(patchId === null ? { requestedPatchId: null } : { page: 'patches', requestedPatchId: patchId }),
}));

export const useCurrentPage = () => useNavigationStore((state) => state.page);
export const usePageSelected = () => useNavigationStore((state) => state.pageSelected);
/** The draft the patch editor shows. */
export const useEditorDraftId = () => useNavigationStore((state) => state.editorDraftId);

/** Opens the patch editor on a draft, from any feature (also outside React: a mutation's success). */
export function openDraft(draftId: string): void {
  useNavigationStore.getState().draftOpened(draftId);
}

/** The patch another screen asked the Patches page to open. */
export const useRequestedPatchId = () => useNavigationStore((state) => state.requestedPatchId);

/** Opens the Patches page on a patch, from any feature (an alert names the patch it is about). */
export function openPatch(patchId: string): void {
  useNavigationStore.getState().patchRequested(patchId);
}

/** The Patches page opened the requested patch. */
export function patchRequestHandled(): void {
  useNavigationStore.getState().patchRequested(null);
}

/** Closes the draft the patch editor shows (it stays saved), back to the editor's landing. */
export function closeDraft(): void {
  useNavigationStore.getState().draftClosed();
}
