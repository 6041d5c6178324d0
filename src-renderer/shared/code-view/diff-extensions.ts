import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

/** Unchanged runs longer than this fold into a marker ("N unchanged lines"); 3 lines of context stay. */
export const COLLAPSE_UNCHANGED = { margin: 3, minSize: 4 } as const;

/**
 * Syntax colours from the palette's `code-*` tokens (CodeMirror's default style is made for a white
 * background and falls under 4.5:1 on the dark theme and on the diff's line backgrounds).
 */
export const codeHighlightStyle = HighlightStyle.define([
  { tag: [t.propertyName, t.definition(t.propertyName), t.attributeName], color: 'var(--code-property)' },
  { tag: [t.string, t.special(t.string), t.regexp, t.escape, t.url], color: 'var(--code-string)' },
  { tag: [t.number, t.integer, t.float], color: 'var(--code-number)' },
  { tag: [t.bool, t.null, t.atom, t.typeName, t.className, t.namespace, t.labelName], color: 'var(--code-atom)' },
  { tag: [t.keyword, t.modifier, t.operatorKeyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword], color: 'var(--code-keyword)' },
  { tag: [t.comment, t.meta], color: 'var(--code-comment)', fontStyle: 'italic' },
  { tag: t.invalid, color: 'var(--bad)' },
]);

/** Read-only, JSON-highlighted editors that follow the app's theme through CSS variables. */
export function readOnlyJsonExtensions(label: string): Extension[] {
  return [
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    EditorView.contentAttributes.of({ 'aria-label': label }),
    json(),
    syntaxHighlighting(codeHighlightStyle),
    EditorView.lineWrapping,
  ];
}

/**
 * Follows the app's light or dark palette (custom properties reach into the shadow root): line and
 * changed-text backgrounds, gutter marks and the collapsed-lines marker are palette tokens whose
 * pairs palette.test.ts checks. The merge view's own marker draws "⦚" around its text, a glyph most
 * Linux fonts lack (an empty box): the band and its border mark it instead.
 */
export const diffTheme = EditorView.theme({
  '&': { fontSize: '12px', color: 'var(--ink)', backgroundColor: 'var(--panel)' },
  '.cm-gutters': { backgroundColor: 'var(--bg)', color: 'var(--muted)', borderRight: '1px solid var(--line)' },
  '&.cm-merge-a .cm-changedLine, .cm-deletedChunk': { backgroundColor: 'var(--diff-deleted)' },
  '&.cm-merge-b .cm-changedLine, .cm-inlineChangedLine': { backgroundColor: 'var(--diff-inserted)' },
  '&.cm-merge-a .cm-changedText, .cm-deletedChunk .cm-deletedText': { background: 'var(--diff-deleted-text)' },
  '&.cm-merge-b .cm-changedText': { background: 'var(--diff-inserted-text)' },
  '&.cm-merge-a .cm-changedLineGutter, .cm-deletedLineGutter': { background: 'var(--bad)' },
  '&.cm-merge-b .cm-changedLineGutter, .cm-inlineChangedLineGutter': { background: 'var(--ok)' },
  '.cm-collapsedLines': {
    color: 'var(--accent)',
    background: 'var(--accent-soft)',
    borderBlock: '1px dashed var(--accent)',
    fontWeight: '600',
    '&:before, &:after': { content: 'none' },
  },
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
