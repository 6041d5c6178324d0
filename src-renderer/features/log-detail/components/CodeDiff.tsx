import { javascript } from '@codemirror/lang-javascript';
import { php } from '@codemirror/lang-php';
import { syntaxHighlighting } from '@codemirror/language';
import { MergeView } from '@codemirror/merge';
import { EditorState, RangeSet, type Extension } from '@codemirror/state';
import { Decoration, EditorView, GutterMarker, gutterLineClass, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import type { CodeLanguage, CodePreview } from '../../../../src-shared/schemas/preview.js';
import { codeHighlightStyle, diffTheme, editorRoot } from '../../../shared/code-view/diff-extensions.js';

/** Programming languages keep their own names; plain text is worded by the catalog. */
const LANGUAGE_NAMES: Readonly<Record<Exclude<CodeLanguage, 'text'>, string>> = { php: 'PHP', javascript: 'JavaScript' };

function language(name: CodeLanguage): Extension[] {
  // Excerpts start mid-file, without the `<?php` opening tag.
  if (name === 'php') return [php({ plain: true })];
  if (name === 'javascript') return [javascript()];
  return [];
}

class FailingLineGutter extends GutterMarker {
  override elementClass = 'cm-failingLineGutter';
}

/** Marks the line the error points at, in the text and in the gutter. */
function failingLine(doc: string, lineIndex: number): Extension[] {
  const state = EditorState.create({ doc });
  if (lineIndex < 1 || lineIndex > state.doc.lines) return [];
  const from = state.doc.line(lineIndex).from;
  return [
    EditorView.decorations.of(Decoration.set([Decoration.line({ class: 'cm-failingLine', attributes: { 'data-failing-line': 'true' } }).range(from)])),
    gutterLineClass.of(RangeSet.of([new FailingLineGutter().range(from)])),
  ];
}

/** Read-only code with the excerpt's own line numbers and the language's highlighting. */
function codeExtensions(preview: CodePreview, label: string): Extension[] {
  const offset = preview.start_line - 1;
  return [
    EditorState.readOnly.of(true),
    EditorView.editable.of(false),
    EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
    lineNumbers({ formatNumber: (n) => String(n + offset) }),
    ...language(preview.language),
    syntaxHighlighting(codeHighlightStyle),
    EditorView.lineWrapping,
    diffTheme,
    codeTheme,
  ];
}

const codeTheme = EditorView.theme({
  '.cm-failingLine': { boxShadow: 'inset 3px 0 0 var(--bad)' },
  '.cm-failingLineGutter': { color: 'var(--bad)', fontWeight: '700' },
});

/**
 * The patched file's excerpt before and after the patch's search/replace, side by side, with the
 * file's line numbers and the failing line marked.
 */
export function CodeDiff({ preview }: { preview: CodePreview }) {
  const host = useRef<HTMLDivElement>(null);
  const before = preview.before_lines.join('\n');
  const after = preview.after_lines.join('\n');
  const failingIndex = preview.failing_line - preview.start_line + 1;
  const lastLine = preview.start_line + Math.max(preview.before_lines.length, 1) - 1;
  const intl = useIntl();
  const beforeLabel = intl.formatMessage({ id: 'logDetail.code.before' }, { file: preview.file });
  const afterLabel = intl.formatMessage({ id: 'logDetail.code.after' }, { file: preview.file });
  const languageName = preview.language === 'text' ? intl.formatMessage({ id: 'logDetail.code.language.text' }) : LANGUAGE_NAMES[preview.language];
  useEffect(() => {
    const { root, parent, dispose } = editorRoot(host.current!);
    const view = new MergeView({
      a: { doc: before, extensions: [...codeExtensions(preview, beforeLabel), ...failingLine(before, failingIndex)] },
      b: { doc: after, extensions: codeExtensions(preview, afterLabel) },
      parent,
      root,
      gutter: true,
    });
    return () => {
      view.destroy();
      dispose();
    };
  }, [preview, before, after, failingIndex, beforeLabel, afterLabel]);
  return (
    <div className="code-diff" data-testid="code-diff" data-language={preview.language}>
      <p className="muted small" data-testid="code-diff-caption">
        {intl.formatMessage(
          { id: 'logDetail.code.caption' },
          {
            language: languageName,
            from: String(preview.start_line),
            to: String(lastLine),
            replacements: preview.replacements,
            file: () => <code key="file">{preview.file}</code>,
            failing: () => (
              <strong key="failing" data-testid="code-diff-failing-line">
                {preview.failing_line}
              </strong>
            ),
          },
        )}
      </p>
      <div className="diff-legend muted small" aria-hidden="true">
        <span>{intl.formatMessage({ id: 'logDetail.code.legend.before' })}</span>
        <span>{intl.formatMessage({ id: 'logDetail.diff.legend.after' })}</span>
      </div>
      <div ref={host} className="diff-host" tabIndex={0} role="region" aria-label={intl.formatMessage({ id: 'logDetail.code.label' })} data-testid="code-diff-view" />
    </div>
  );
}
