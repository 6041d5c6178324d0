import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';

/** Unchanged runs longer than this fold into a marker ("⦚ N unchanged lines ⦚"); 3 lines of context stay. */
export const COLLAPSE_UNCHANGED = { margin: 3, minSize: 4 } as const;

/** Read-only, JSON-highlighted editors that follow the app's theme through CSS variables. */
export function readOnlyJsonExtensions(label: string): Extension[] {
  return [
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    EditorView.contentAttributes.of({ 'aria-label': label }),
    json(),
    syntaxHighlighting(defaultHighlightStyle),
    EditorView.lineWrapping,
  ];
}

/** Follows the app's light or dark palette (custom properties reach into the shadow root). */
export const diffTheme = EditorView.theme({
  '&': { fontSize: '12px', color: 'var(--ink)', backgroundColor: 'var(--panel)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '.cm-collapsedLines': { color: 'var(--accent)', fontWeight: '600' },
});

/**
 * CodeMirror injects its styles at run time. The console's CSP (`style-src 'self'`) refuses a
 * `<style>` element, but not a constructed stylesheet, which CodeMirror uses inside a shadow root:
 * so each editor lives in a shadow root of its host element.
 */
export function editorRoot(host: HTMLElement): { root: ShadowRoot; parent: HTMLElement; dispose(): void } {
  const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
  const parent = document.createElement('div');
  root.appendChild(parent);
  return { root, parent, dispose: () => parent.remove() };
}
