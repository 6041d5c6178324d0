import { create } from 'zustand';

/** Which profile form is open: none, a new profile, or the profile with this id. */
export type ProfileEditing = { mode: 'closed' } | { mode: 'new' } | { mode: 'edit'; id: string };

interface ProfileEditorState {
  editing: ProfileEditing;
  profileFormOpened(editing: Exclude<ProfileEditing, { mode: 'closed' }>): void;
  profileFormClosed(): void;
}

const useProfileEditorStore = create<ProfileEditorState>()((set) => ({
  editing: { mode: 'closed' },
  profileFormOpened: (editing) => set({ editing }),
  profileFormClosed: () => set({ editing: { mode: 'closed' } }),
}));

export const useProfileEditing = () => useProfileEditorStore((state) => state.editing);
export const useProfileFormOpened = () => useProfileEditorStore((state) => state.profileFormOpened);
export const useProfileFormClosed = () => useProfileEditorStore((state) => state.profileFormClosed);
