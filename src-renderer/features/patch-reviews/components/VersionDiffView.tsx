import { useIntl } from 'react-intl';
import { JsonMergeView } from '../../../shared/code-view/JsonMergeView.js';

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
  const beforeLabel =
    activeVersion === null ? intl.formatMessage({ id: 'patchReviews.diff.noActive' }) : intl.formatMessage({ id: 'patchReviews.diff.active' }, { version: activeVersion });
  const afterLabel = intl.formatMessage({ id: 'patchReviews.diff.proposed' }, { version });
  return (
    <div>
      <div className="diff-legend muted small" aria-hidden="true">
        <span>{beforeLabel}</span>
        <span>{afterLabel}</span>
      </div>
      <JsonMergeView
        before={before}
        after={after}
        beforeLabel={beforeLabel}
        afterLabel={afterLabel}
        label={intl.formatMessage({ id: 'patchReviews.diff.label' }, { version })}
        testId="version-diff"
      />
    </div>
  );
}
