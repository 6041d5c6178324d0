import { useCallback, useEffect, useRef, useState } from 'react';
import type { PatchDraft } from '../../../src-shared/ipc/patches.js';
import { useSaveDraftMutation } from './mutations.js';

/** Quiet time after typing before the draft is saved to this workstation. */
export const AUTOSAVE_DELAY_MS = 300;

export type SaveStatus = { state: 'saved'; savedAt: string } | { state: 'pending' } | { state: 'failed'; error: unknown };

/**
 * Saves the draft's text and change note a short while after they change (and at once when asked,
 * before a submission), and says when it was last saved.
 */
export function useDraftAutosave(draft: PatchDraft, text: string, changeNote: string, enabled: boolean) {
  const { mutateAsync: saveDraft } = useSaveDraftMutation();
  const [status, setStatus] = useState<SaveStatus>({ state: 'saved', savedAt: draft.savedAt });
  const saved = useRef({ text: draft.text, changeNote: draft.changeNote });
  const latest = useRef({ text, changeNote });
  latest.current = { text, changeNote };

  const flush = useCallback(async () => {
    const { text: nextText, changeNote: nextNote } = latest.current;
    if (nextText === saved.current.text && nextNote === saved.current.changeNote) return;
    try {
      const answer = await saveDraft({ draftId: draft.id, text: nextText, changeNote: nextNote });
      saved.current = { text: nextText, changeNote: nextNote };
      if (latest.current.text === nextText && latest.current.changeNote === nextNote) setStatus({ state: 'saved', savedAt: answer.draft.savedAt });
    } catch (error) {
      setStatus({ state: 'failed', error });
      throw error;
    }
  }, [draft.id, saveDraft]);

  useEffect(() => {
    if (!enabled || (text === saved.current.text && changeNote === saved.current.changeNote)) return;
    setStatus({ state: 'pending' });
    const timer = setTimeout(() => void flush().catch(() => undefined), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, changeNote, enabled, flush]);

  // Leaving the draft saves what was typed since the last save.
  useEffect(() => () => void flush().catch(() => undefined), [flush]);

  return { status, flush };
}
