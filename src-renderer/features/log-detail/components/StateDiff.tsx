import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef, useState, type RefObject } from 'react';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { DiffInput } from '../diff-input.js';
import { COLLAPSE_UNCHANGED, diffTheme, editorRoot, readOnlyJsonExtensions } from '../../../shared/code-view/diff-extensions.js';

type Layout = 'split' | 'unified';

type DiffDocs = Extract<DiffInput, { kind: 'diff' }>;

/** The element an editor is mounted in: a named, focusable region, so the keyboard can scroll a long diff (WCAG 2.1.1). */
function DiffHost({ host, labelId, testId }: { host: RefObject<HTMLDivElement | null>; labelId: string; testId: string }) {
  const intl = useIntl();
  return <div ref={host} className="diff-host" tabIndex={0} role="region" aria-label={intl.formatMessage({ id: labelId })} data-testid={testId} />;
}

/** Side by side: the snapshot on the left, the patched state on the right. */
function SplitDiff({ docs, collapsed }: { docs: DiffDocs; collapsed: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const intl = useIntl();
  const beforeLabel = intl.formatMessage({ id: 'logDetail.diff.before' }, { base: intl.formatMessage({ id: `logDetail.diff.base.${docs.base.kind}` }) });
  const afterLabel = intl.formatMessage({ id: 'logDetail.diff.afterState' });
  useEffect(() => {
    const { root, parent, dispose } = editorRoot(host.current!);
    const view = new MergeView({
      a: { doc: docs.before, extensions: [...readOnlyJsonExtensions(beforeLabel), diffTheme] },
      b: { doc: docs.after, extensions: [...readOnlyJsonExtensions(afterLabel), diffTheme] },
      parent,
      root,
      gutter: true,
      ...(collapsed ? { collapseUnchanged: COLLAPSE_UNCHANGED } : {}),
    });
    return () => {
      view.destroy();
      dispose();
    };
  }, [docs.before, docs.after, beforeLabel, afterLabel, collapsed]);
  return <DiffHost host={host} labelId="logDetail.diff.splitLabel" testId="state-diff-split" />;
}

/** One column: removed lines from the snapshot shown inline above the patched ones. */
function UnifiedDiff({ docs, collapsed }: { docs: DiffDocs; collapsed: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const intl = useIntl();
  const editorLabel = intl.formatMessage({ id: 'logDetail.diff.unifiedEditor' }, { base: intl.formatMessage({ id: `logDetail.diff.base.${docs.base.kind}` }) });
  useEffect(() => {
    const { root, parent, dispose } = editorRoot(host.current!);
    const view = new EditorView({
      doc: docs.after,
      parent,
      root,
      extensions: [
        ...readOnlyJsonExtensions(editorLabel),
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
  }, [docs.before, docs.after, editorLabel, collapsed]);
  return <DiffHost host={host} labelId="logDetail.diff.unifiedLabel" testId="state-diff-unified" />;
}

/**
 * The pre-patch snapshot's state against the patched state, side by side or unified, with unchanged
 * runs folded behind visible markers and one toggle to expand or collapse them all.
 */
export function StateDiff({ input }: { input: DiffInput }) {
  const [layout, setLayout] = useState<Layout>('split');
  const [collapsed, setCollapsed] = useState(true);
  const intl = useIntl();
  if (input.kind === 'none') {
    return (
      <p className="muted" data-testid="state-diff-none" data-reason={input.reason}>
        {intl.formatMessage({ id: `logDetail.diff.none.${input.reason}` })}
      </p>
    );
  }
  const base = intl.formatMessage({ id: `logDetail.diff.base.${input.base.kind}` });
  return (
    <div className="state-diff" data-testid="state-diff" data-layout={layout} data-collapsed={collapsed}>
      <div className="diff-toolbar" role="toolbar" aria-label={intl.formatMessage({ id: 'logDetail.diff.toolbar' })}>
        <div role="radiogroup" aria-label={intl.formatMessage({ id: 'logDetail.diff.layout' })} className="segmented">
          {(['split', 'unified'] as const).map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={layout === value}
              data-testid={`diff-layout-${value}`}
              onClick={() => setLayout(value)}
            >
              {intl.formatMessage({ id: `logDetail.diff.layout.${value}` })}
            </button>
          ))}
        </div>
        <button type="button" data-testid="diff-toggle-collapse" aria-pressed={!collapsed} onClick={() => setCollapsed((c) => !c)}>
          {intl.formatMessage({ id: collapsed ? 'logDetail.diff.expand' : 'logDetail.diff.collapse' })}
        </button>
        <span className="muted small" data-testid="state-diff-sources">
          {intl.formatMessage(
            { id: 'logDetail.diff.sources' },
            {
              base,
              recordedKnown: input.base.recordedAt ? 'yes' : 'no',
              recorded: input.base.recordedAt ? formatDate(intl.locale, input.base.recordedAt) : '',
              after: intl.formatMessage({ id: `logDetail.diff.after.${input.source}` }),
            },
          )}
          {input.changedKeys.length > 0
            ? intl.formatMessage({ id: 'logDetail.diff.changed' }, { keys: intl.formatList(input.changedKeys, { type: 'unit' }) })
            : intl.formatMessage(
                { id: 'logDetail.diff.unchanged' },
                { reason: input.unchangedReason ?? intl.formatMessage({ id: 'logDetail.diff.unchangedDefault' }) },
              )}
        </span>
      </div>
      <div className="diff-legend muted small" aria-hidden="true">
        <span>{intl.formatMessage({ id: 'logDetail.diff.legend.before' }, { base })}</span>
        <span>{intl.formatMessage({ id: 'logDetail.diff.legend.after' })}</span>
      </div>
      {layout === 'split' ? <SplitDiff docs={input} collapsed={collapsed} /> : <UnifiedDiff docs={input} collapsed={collapsed} />}
    </div>
  );
}
