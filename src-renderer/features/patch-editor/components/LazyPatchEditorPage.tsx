// The patch editor loads CodeMirror and the JSON Schema tooling: the page is its own chunk, fetched
// when the editor first opens, so the review queue's start never waits for it.
import { lazy, Suspense } from 'react';
import { useIntl } from 'react-intl';

const PatchEditorPageView = lazy(() => import('./PatchEditorPage.js').then((module) => ({ default: module.PatchEditorPage })));

function EditorLoading() {
  const intl = useIntl();
  return (
    <p className="muted" role="status" aria-busy="true" data-testid="loading-state" data-what="patch-editor">
      {intl.formatMessage({ id: 'patchEditor.loading' })}
    </p>
  );
}

/** The patch editor page, loaded on first open. */
export function PatchEditorPage() {
  return (
    <Suspense fallback={<EditorLoading />}>
      <PatchEditorPageView />
    </Suspense>
  );
}
