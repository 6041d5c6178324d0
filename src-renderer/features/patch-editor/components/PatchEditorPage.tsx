import { useState } from 'react';
import { openDraft, useEditorDraftId } from '../../../shared/navigation-store.js';
import '../../../shared/detail-panels.css';
import '../patch-editor.css';
import { DraftsLanding } from './DraftsLanding.js';
import { DraftWorkspace } from './DraftWorkspace.js';

/** The patch editor: the draft opened (from here, the Patches screen or an unanswered error), else the landing. */
export function PatchEditorPage() {
  const draftId = useEditorDraftId();
  const [closedId, setClosedId] = useState<string | null>(null);
  const open = (id: string) => {
    setClosedId(null);
    openDraft(id);
  };
  const shown = draftId !== null && draftId !== closedId ? draftId : null;
  return (
    <section className="page patch-editor" aria-labelledby="patch-editor-title" data-testid="patch-editor-page">
      {shown === null ? <DraftsLanding onOpen={open} /> : <DraftWorkspace key={shown} draftId={shown} onClose={() => setClosedId(shown)} />}
    </section>
  );
}
