import { useQuery } from '@tanstack/react-query';
import { useCallback, useDeferredValue, useMemo, useRef, useState } from 'react';
import { useIntl } from 'react-intl';
import type { DraftProblem, PatchDraft } from '../../../../src-shared/ipc/patches.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { mayAuthorPatches, useRole } from '../../../shared/patch-registry/roles.js';
import { draftTextOf, versionDocument } from '../engine.js';
import { draftQuery, patchDetailQuery } from '../queries.js';
import { useLocalizedPatchSchema } from '../schema-docs.js';
import { DraftCodeEditor, type DraftEditorHandle } from './DraftCodeEditor.js';
import { DraftSubmitBar } from './DraftSubmitBar.js';
import { DryRunPanel } from './DryRunPanel.js';
import type { Validated } from './editor-extensions.js';
import { ProblemsList } from './ProblemsList.js';

/** The draft the editor shows, read once when it opens. */
export function DraftWorkspace({ draftId, onClose }: { draftId: string; onClose(): void }) {
  const api = useOpsApi();
  const intl = useIntl();
  const draft = useQuery({ ...draftQuery(api, draftId), staleTime: Infinity });
  if (draft.isPending) return <p className="muted">{intl.formatMessage({ id: 'patchEditor.draft.reading' })}</p>;
  if (draft.isError) {
    return (
      <div>
        <p className="error" role="alert">
          {intl.formatMessage({ id: 'patchEditor.draft.readFailed' }, { reason: errorText(intl, draft.error) })}
        </p>
        <button type="button" onClick={onClose}>
          {intl.formatMessage({ id: 'patchEditor.draft.back' })}
        </button>
      </div>
    );
  }
  return <DraftEditorScreen key={draft.data.id} draft={draft.data} onClose={onClose} />;
}

/** The active version's JSON, when the draft is a new version of an active patch. */
function useBaseText(draft: PatchDraft): string | null {
  const api = useOpsApi();
  const detail = useQuery({ ...patchDetailQuery(api, draft.patchId ?? ''), enabled: draft.patchId !== null && draft.baseVersion !== null });
  return useMemo(() => {
    if (!detail.data || draft.baseVersion === null) return null;
    const version = detail.data.versions.find((v) => v.version === draft.baseVersion);
    return version ? draftTextOf(versionDocument(version)) : null;
  }, [detail.data, draft.baseVersion]);
}

function DraftEditorScreen({ draft, onClose }: { draft: PatchDraft; onClose(): void }) {
  const intl = useIntl();
  const writable = mayAuthorPatches(useRole());
  const schema = useLocalizedPatchSchema();
  const base = useBaseText(draft);
  const [layout, setLayout] = useState<'diff' | 'plain'>('diff');
  const [text, setText] = useState(draft.text);
  const [validated, setValidated] = useState<Validated | null>(null);
  const [announced, setAnnounced] = useState<'valid' | 'invalid' | null>(null);
  const editor = useRef<DraftEditorHandle | null>(null);
  const goTo = useCallback((problem: DraftProblem) => editor.current?.goTo(problem.line, problem.column), []);
  // The dry run reads the text when it runs: it follows the typing at low priority, so a keystroke
  // re-renders only the editor's own surroundings.
  const deferredText = useDeferredValue(text);

  const onValidated = (next: Validated) => {
    // A keystroke that leaves the same problems re-renders nothing.
    setValidated((current) => (current !== null && sameProblems(current.problems, next.problems) ? current : next));
    // The live region speaks only when the draft turns valid or invalid, not at every keystroke.
    setAnnounced(next.problems.length === 0 ? 'valid' : 'invalid');
  };
  const problems = validated?.problems ?? [];
  const showDiff = base !== null && layout === 'diff';
  const title = draft.patchId === null ? intl.formatMessage({ id: 'patchEditor.draft.titleNew' }) : intl.formatMessage({ id: 'patchEditor.draft.titleVersion' }, { version: (draft.baseVersion ?? 0) + 1 });

  return (
    <div className="patch-workspace" data-testid="patch-draft" data-draft-id={draft.id}>
      <header className="page-header">
        <h1 id="patch-editor-title">{title}</h1>
        <button type="button" onClick={onClose} data-testid="patch-editor-close">
          {intl.formatMessage({ id: 'patchEditor.draft.back' })}
        </button>
      </header>
      {!writable && <p className="muted" data-testid="patch-editor-read-only">{intl.formatMessage({ id: 'patchEditor.draft.readOnly' })}</p>}
      {base !== null && (
        <div role="radiogroup" aria-label={intl.formatMessage({ id: 'patchEditor.layout.label' })} className="segmented">
          {(['diff', 'plain'] as const).map((value) => (
            <button key={value} type="button" role="radio" aria-checked={layout === value} data-testid={`patch-layout-${value}`} onClick={() => setLayout(value)}>
              {intl.formatMessage({ id: `patchEditor.layout.${value}` }, { version: draft.baseVersion ?? 0 })}
            </button>
          ))}
        </div>
      )}
      {showDiff && (
        <div className="diff-legend muted small" aria-hidden="true">
          <span>{intl.formatMessage({ id: 'patchEditor.layout.legendBase' }, { version: draft.baseVersion ?? 0 })}</span>
          <span>{intl.formatMessage({ id: 'patchEditor.layout.legendDraft' })}</span>
        </div>
      )}
      <DraftCodeEditor
        initialText={draft.text}
        base={showDiff ? base : null}
        schema={schema}
        readOnly={!writable}
        label={intl.formatMessage({ id: 'patchEditor.editor.label' })}
        baseLabel={intl.formatMessage({ id: 'patchEditor.editor.baseLabel' }, { version: draft.baseVersion ?? 0 })}
        onChange={setText}
        onValidated={onValidated}
        handle={editor}
      />
      <p className="visually-hidden" role="status" data-testid="patch-validation-status">
        {announced === null ? '' : intl.formatMessage({ id: `patchEditor.validation.${announced}` })}
      </p>
      {validated !== null && problems.length === 0 && (
        <p className="patch-valid small" data-testid="patch-valid">
          {intl.formatMessage({ id: 'patchEditor.validation.valid' })}
        </p>
      )}
      <ProblemsList problems={problems} onGoTo={goTo} />
      <DraftSubmitBar draft={draft} text={text} writable={writable} onGoTo={goTo} onDeleted={onClose} />
      <DryRunPanel draftText={deferredText} patchId={draft.patchId} onGoTo={goTo} />
    </div>
  );
}

function sameProblems(a: readonly DraftProblem[], b: readonly DraftProblem[]): boolean {
  return a.length === b.length && a.every((problem, i) => JSON.stringify(problem) === JSON.stringify(b[i]));
}
