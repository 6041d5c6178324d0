import { MergeView } from '@codemirror/merge';
import { useEffect, useRef } from 'react';
import { useIntl } from 'react-intl';
import { COLLAPSE_UNCHANGED, diffTheme, editorRoot, readOnlyJsonExtensions } from '../../../shared/code-view/diff-extensions.js';

interface VersionDiffViewProps {
  /** The active version's document ('' for a new patch). */
  before: string;
  after: string;
  /** The versions' numbers, for the editors' names. */
  activeVersion: number | null;
  version: number;
}

/** The version under review beside the active one (CodeMirror merge view, unchanged runs folded). */
export function VersionDiffView({ before, after, activeVersion, version }: VersionDiffViewProps) {
  const intl = useIntl();
  const host = useRef<HTMLDivElement>(null);
  const beforeLabel =
    activeVersion === null ? intl.formatMessage({ id: 'patchReviews.diff.noActive' }) : intl.formatMessage({ id: 'patchReviews.diff.active' }, { version: activeVersion });
  const afterLabel = intl.formatMessage({ id: 'patchReviews.diff.proposed' }, { version });
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
  return (
    <div>
      <div className="diff-legend muted small" aria-hidden="true">
        <span>{beforeLabel}</span>
        <span>{afterLabel}</span>
      </div>
      <div ref={host} className="diff-host" tabIndex={0} role="region" aria-label={intl.formatMessage({ id: 'patchReviews.diff.label' }, { version })} data-testid="version-diff" />
    </div>
  );
}
