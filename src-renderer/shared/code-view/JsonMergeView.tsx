import { MergeView } from '@codemirror/merge';
import { useEffect, useRef } from 'react';
import { COLLAPSE_UNCHANGED, diffTheme, editorRoot, readOnlyJsonExtensions } from './diff-extensions.js';

interface JsonMergeViewProps {
  before: string;
  after: string;
  /** The two editors' names (what each side is). */
  beforeLabel: string;
  afterLabel: string;
  /** The region's name: a focusable region, so the keyboard can scroll a long diff (WCAG 2.1.1). */
  label: string;
  testId: string;
}

/** Two JSON documents side by side, read-only, unchanged runs folded (CodeMirror merge view; load it lazily). */
export function JsonMergeView({ before, after, beforeLabel, afterLabel, label, testId }: JsonMergeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { root, parent, dispose } = editorRoot(host.current!);
    const view = new MergeView({
      a: { doc: before, extensions: [...readOnlyJsonExtensions(beforeLabel), diffTheme] },
      b: { doc: after, extensions: [...readOnlyJsonExtensions(afterLabel), diffTheme] },
      parent,
      root,
      gutter: true,
      collapseUnchanged: COLLAPSE_UNCHANGED,
    });
    return () => {
      view.destroy();
      dispose();
    };
  }, [before, after, beforeLabel, afterLabel]);
  return <div ref={host} className="diff-host" tabIndex={0} role="region" aria-label={label} data-testid={testId} />;
}
