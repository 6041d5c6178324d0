import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap } from '@codemirror/autocomplete';
import { json, jsonLanguage } from '@codemirror/lang-json';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, hoverTooltip, keymap, lineNumbers, ViewPlugin, type ViewUpdate } from '@codemirror/view';
import { jsonCompletion, jsonSchemaHover, stateExtensions } from 'codemirror-json-schema';
import type { JSONSchema7 } from 'json-schema';
import { disableErrorLogging } from 'best-effort-json-parser';
import type { DraftProblem } from '../../../../src-shared/ipc/patches.js';
import { codeHighlightStyle } from '../../../shared/code-view/diff-extensions.js';
import { validateDraft } from '../engine.js';
import { lineStarts, problemRange } from '../problem-range.js';

// codemirror-json-schema reads the document with best-effort-json-parser, which writes every
// document it cannot fully parse to console.error: a draft being typed is often unfinished, and its
// problems are shown by the editor's own validation.
disableErrorLogging();

/** What one validation pass found, for the revision of the text it read. */
export interface Validated {
  revision: number;
  problems: DraftProblem[];
}

/**
 * While validation passes take at most this long (a moving average, so one slow pass from a garbage
 * collection does not count), the next change is judged at once: the zod pass takes about a
 * millisecond on a 500-line patch, so the state follows each keystroke.
 */
export const IMMEDIATE_BUDGET_MS = 8;
/** Quiet time before judging a draft whose passes take longer: a burst of typing is judged once. */
export const VALIDATION_DELAY_MS = 60;

/** The draft's problems as editor diagnostics, each under the token its line and column point at, worded by `describe`. */
export function diagnosticsOf(text: string, problems: readonly DraftProblem[], describe: (problem: DraftProblem) => string): Diagnostic[] {
  const starts = lineStarts(text);
  return problems.map((problem) => ({ ...problemRange(text, starts, problem), severity: 'error', message: describe(problem) }));
}

/**
 * Judges the draft with the same zod schema the server uses after each change (at once while a pass
 * is cheap, else after a short quiet time): the host element says `data-validation-state`
 * (validating, valid, invalid) and which text revision was judged (`data-validated-revision`, beside
 * the current `data-revision`), the problems become diagnostics at their lines (worded by
 * `describe`, in the reader's language), and `onValidated` hands them to the problems list.
 */
export function draftValidation(host: HTMLElement, onValidated: (validated: Validated) => void, describe: (problem: DraftProblem) => string): Extension {
  return ViewPlugin.define((view) => {
    let revision = 0;
    let costMs = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let destroyed = false;
    const judge = (text: string) => {
      const started = performance.now();
      const result = validateDraft(text);
      const problems = result.ok ? [] : result.problems;
      costMs = 0.7 * costMs + 0.3 * (performance.now() - started);
      host.dataset['validationState'] = problems.length === 0 ? 'valid' : 'invalid';
      host.dataset['validatedRevision'] = String(revision);
      const diagnostics = diagnosticsOf(text, problems, describe);
      // A view cannot be updated from inside its update: the marks follow in a microtask.
      queueMicrotask(() => {
        if (!destroyed) view.dispatch(setDiagnostics(view.state, diagnostics));
      });
      onValidated({ revision, problems });
    };
    const later = () => {
      clearTimeout(timer);
      host.dataset['validationState'] = 'validating';
      timer = setTimeout(() => judge(view.state.doc.toString()), VALIDATION_DELAY_MS);
    };
    host.dataset['revision'] = '0';
    judge(view.state.doc.toString());
    return {
      update(update: ViewUpdate) {
        if (!update.docChanged) return;
        revision += 1;
        host.dataset['revision'] = String(revision);
        if (costMs <= IMMEDIATE_BUDGET_MS) {
          clearTimeout(timer);
          judge(update.state.doc.toString());
        } else later();
      },
      destroy() {
        destroyed = true;
        clearTimeout(timer);
      },
    };
  });
}

/** The hover's text as plain DOM (no HTML from descriptions): the documentation, then the value's type. */
function hoverDom({ message, typeInfo }: { message: string | null; typeInfo: string }): HTMLElement {
  const dom = document.createElement('div');
  dom.className = 'cm-patch-hover';
  for (const paragraph of (message ?? '').split('\n').filter(Boolean)) {
    const p = document.createElement('p');
    p.textContent = paragraph;
    dom.appendChild(p);
  }
  if (typeInfo) {
    const code = document.createElement('code');
    code.textContent = typeInfo.replace(/`/g, '');
    dom.appendChild(code);
  }
  return dom;
}

const editorTheme = EditorView.theme({
  '&': { fontSize: '13px', color: 'var(--ink)', backgroundColor: 'var(--panel)', height: '100%' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
  '.cm-content': { caretColor: 'var(--ink)' },
  '.cm-cursor': { borderLeftColor: 'var(--ink)' },
  '&.cm-focused': { outline: '2px solid var(--accent)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--accent-soft)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'transparent' },
  '.cm-lintRange-error': { backgroundImage: 'none', textDecoration: 'underline wavy var(--bad)', textUnderlineOffset: '3px' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--ink)', border: '1px solid var(--control)', maxWidth: '420px' },
  '.cm-tooltip-lint .cm-diagnostic-error': { borderLeft: '4px solid var(--bad)' },
  '.cm-tooltip.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--on-accent)' },
  '.cm-completionInfo': { backgroundColor: 'var(--panel)', color: 'var(--ink)', border: '1px solid var(--control)' },
  '.cm-completionDetail': { color: 'inherit', fontStyle: 'normal', opacity: '1' },
  '.cm-patch-hover': { padding: '6px 8px', fontSize: '12px' },
  '.cm-patch-hover p': { margin: '0 0 4px' },
  '.cm-patch-hover code': { color: 'var(--muted)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--accent-soft)', outline: '1px solid var(--accent)' },
});

/**
 * The draft's JSON editor: highlighting from the palette, completion and hover documentation from the
 * localized JSON Schema (codemirror-json-schema), diagnostics from `draftValidation`. `label` names
 * the editor for assistive technology.
 */
export function draftEditorExtensions(schema: JSONSchema7, label: string, readOnly: boolean): Extension[] {
  return [
    lineNumbers(),
    lintGutter(),
    json(),
    syntaxHighlighting(codeHighlightStyle),
    history(),
    bracketMatching(),
    indentOnInput(),
    closeBrackets(),
    autocompletion(),
    jsonLanguage.data.of({ autocomplete: jsonCompletion() }),
    hoverTooltip(jsonSchemaHover({ formatHover: hoverDom })),
    stateExtensions(schema),
    keymap.of([...closeBracketsKeymap, ...completionKeymap, ...lintKeymap, ...historyKeymap, ...defaultKeymap, indentWithTab]),
    EditorView.contentAttributes.of({ 'aria-label': label, 'aria-multiline': 'true' }),
    EditorState.readOnly.of(readOnly),
    EditorView.editable.of(!readOnly),
    EditorView.lineWrapping,
    editorTheme,
  ];
}
