import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState } from 'react';
import { formatRecordedAt, type DiffInput } from '../diff-input.js';
import { COLLAPSE_UNCHANGED, diffTheme, editorRoot, readOnlyJsonExtensions } from './diff-extensions.js';

type Layout = 'split' | 'unified';

const AFTER_SOURCES = {
  patched_state: 'After: the state the server recorded when applying',
  proposed_changes: 'After: the snapshot with the proposed changes merged in',
  preview: 'After: computed by the backend with the code that applies the patch',
} as const;
type DiffDocs = Extract<DiffInput, { kind: 'diff' }>;

/** Side by side: the snapshot on the left, the patched state on the right. */
function SplitDiff({ docs, collapsed }: { docs: DiffDocs; collapsed: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { root, parent, dispose } = editorRoot(host.current!);
    const view = new MergeView({
      a: { doc: docs.before, extensions: [...readOnlyJsonExtensions(`${docs.base.label} (before)`), diffTheme] },
      b: { doc: docs.after, extensions: [...readOnlyJsonExtensions('State after the patch'), diffTheme] },
      parent,
      root,
      gutter: true,
      ...(collapsed ? { collapseUnchanged: COLLAPSE_UNCHANGED } : {}),
    });
    return () => {
      view.destroy();
      dispose();
    };
  }, [docs.before, docs.after, docs.base.label, collapsed]);
  // The host scrolls a long diff: focusable, so the keyboard can scroll it too (WCAG 2.1.1).
  return <div ref={host} className="diff-host" tabIndex={0} role="region" aria-label="State diff, side by side" data-testid="state-diff-split" />;
}

/** One column: removed lines from the snapshot shown inline above the patched ones. */
function UnifiedDiff({ docs, collapsed }: { docs: DiffDocs; collapsed: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { root, parent, dispose } = editorRoot(host.current!);
    const view = new EditorView({
      doc: docs.after,
      parent,
      root,
      extensions: [
        ...readOnlyJsonExtensions(`State after the patch, with the lines it replaces from: ${docs.base.label}`),
        diffTheme,
        unifiedMergeView({
          original: docs.before,
          mergeControls: false,
          gutter: true,
          ...(collapsed ? { collapseUnchanged: COLLAPSE_UNCHANGED } : {}),
        }),
      ],
    });
    return () => {
      view.destroy();
      dispose();
    };
  }, [docs.before, docs.after, docs.base.label, collapsed]);
  return <div ref={host} className="diff-host" tabIndex={0} role="region" aria-label="State diff, unified" data-testid="state-diff-unified" />;
}

/**
 * The pre-patch snapshot's state against the patched state, side by side or unified, with unchanged
 * runs folded behind visible markers and one toggle to expand or collapse them all.
 */
export function StateDiff({ input }: { input: DiffInput }) {
  const [layout, setLayout] = useState<Layout>('split');
  const [collapsed, setCollapsed] = useState(true);
  if (input.kind === 'none') {
    return (
      <p className="muted" data-testid="state-diff-none">
        {input.reason}
      </p>
    );
  }
  return (
    <div className="state-diff" data-testid="state-diff" data-layout={layout} data-collapsed={collapsed}>
      <div className="diff-toolbar" role="toolbar" aria-label="Diff display">
        <div role="radiogroup" aria-label="Layout" className="segmented">
          {(['split', 'unified'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={layout === value}
              data-testid={`diff-layout-${value}`}
              onClick={() => setLayout(value)}
            >
              {value === 'split' ? 'Side by side' : 'Unified'}
            </button>
          ))}
        </div>
        <button type="button" data-testid="diff-toggle-collapse" aria-pressed={!collapsed} onClick={() => setCollapsed((c) => !c)}>
          {collapsed ? 'Expand all' : 'Collapse unchanged'}
        </button>
        <span className="muted small" data-testid="state-diff-sources">
          Before: {input.base.label}
          {input.base.recordedAt ? `, recorded ${formatRecordedAt(input.base.recordedAt)}` : ''} · {AFTER_SOURCES[input.source]}
          {input.changedKeys.length > 0
            ? ` · changed: ${input.changedKeys.join(', ')}`
            : ` · no differences: ${input.unchangedReason ?? 'the patch leaves the state as it was'}`}
        </span>
      </div>
      <div className="diff-legend muted small" aria-hidden="true">
        <span>− {input.base.label} (before)</span>
        <span>+ after the patch</span>
      </div>
      {layout === 'split' ? <SplitDiff docs={input} collapsed={collapsed} /> : <UnifiedDiff docs={input} collapsed={collapsed} />}
    </div>
  );
}
