import { closeDraft, openDraft, useEditorDraftId } from '../../../shared/navigation-store.js';
import '../../../shared/detail-panels.css';
import '../patch-editor.css';
import { DraftsLanding } from './DraftsLanding.js';
import { DraftWorkspace } from './DraftWorkspace.js';

/** The patch editor: the draft opened (from here, the Patches screen or an unanswered error), else the landing. */
export function PatchEditorPage() {
  const draftId = useEditorDraftId();
  return (
    <section className="page patch-editor" aria-labelledby="patch-editor-title" data-testid="patch-editor-page">
      {draftId === null ? <DraftsLanding onOpen={openDraft} /> : <DraftWorkspace key={draftId} draftId={draftId} onClose={closeDraft} />}
    </section>
  );
}
