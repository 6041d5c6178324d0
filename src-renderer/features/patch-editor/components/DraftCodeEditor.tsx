import { MergeView } from '@codemirror/merge';
import { EditorSelection } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { JSONSchema7 } from 'json-schema';
import { useEffect, useRef, type RefObject } from 'react';
import { useIntl } from 'react-intl';
import { editorRoot, readOnlyJsonExtensions, diffTheme } from '../../../shared/code-view/diff-extensions.js';
import { problemLine } from '../problem-text.js';
import { draftEditorExtensions, draftValidation, type Validated } from './editor-extensions.js';

/** What the page can ask of the editor: put the cursor on a problem. */
export interface DraftEditorHandle {
  goTo(line: number, column: number): void;
}

interface DraftCodeEditorProps {
  /** The text the editor starts from (it then owns the text and reports each change). */
  initialText: string;
  /** The active version's JSON: shown read-only on the left of a side-by-side diff. */
  base: string | null;
  schema: JSONSchema7;
  readOnly: boolean;
  label: string;
  baseLabel: string;
  onChange(text: string): void;
  onValidated(validated: Validated): void;
  handle: RefObject<DraftEditorHandle | null>;
}

/**
 * The draft's CodeMirror editor, alone or as the right side of a merge view against the active
 * version. It lives in a shadow root (the CSP refuses CodeMirror's `<style>` elements elsewhere); the
 * host carries the validation state for tests and benchmarks.
 */
export function DraftCodeEditor({ initialText, base, schema, readOnly, label, baseLabel, onChange, onValidated, handle }: DraftCodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const intl = useIntl();
  const callbacks = useRef({ onChange, onValidated, intl });
  callbacks.current = { onChange, onValidated, intl };
  const startText = useRef(initialText);

  useEffect(() => {
    const element = host.current!;
    const { root, parent, dispose } = editorRoot(element);
    const extensions = [
      ...draftEditorExtensions(schema, label, readOnly),
      draftValidation(
        element,
        (validated) => callbacks.current.onValidated(validated),
        (problem) => problemLine(callbacks.current.intl, problem),
      ),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
      }),
    ];
    let editor: EditorView;
    let destroy: () => void;
    if (base === null) {
      editor = new EditorView({ doc: startText.current, extensions, parent, root });
      destroy = () => editor.destroy();
    } else {
      const merge = new MergeView({
        a: { doc: base, extensions: [...readOnlyJsonExtensions(baseLabel), diffTheme] },
        b: { doc: startText.current, extensions: [...extensions, diffTheme] },
        parent,
        root,
        gutter: true,
      });
      editor = merge.b;
      destroy = () => merge.destroy();
    }
    handle.current = {
      goTo(line, column) {
        const doc = editor.state.doc;
        const target = doc.line(Math.min(Math.max(line, 1), doc.lines));
        const pos = Math.min(target.from + Math.max(column, 1) - 1, target.to);
        editor.dispatch({ selection: EditorSelection.cursor(pos), scrollIntoView: true });
        editor.focus();
      },
    };
    return () => {
      // The next editor (another layout or language) starts from the text as typed.
      startText.current = editor.state.doc.toString();
      handle.current = null;
      destroy();
      dispose();
    };
  }, [base, schema, readOnly, label, baseLabel, handle]);

  return <div ref={host} className={base === null ? 'draft-editor-host' : 'draft-editor-host draft-editor-diff'} data-testid="patch-editor-root" />;
}
