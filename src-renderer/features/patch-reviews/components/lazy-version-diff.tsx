// The version diff loads CodeMirror: its own chunk, fetched when the review queue first shows a diff.
import { lazy, Suspense, type ComponentProps } from 'react';
import { LoadingState } from '../../../shared/loading/LoadingState.js';

const VersionDiffView = lazy(() => import('./VersionDiffView.js').then((module) => ({ default: module.VersionDiffView })));

/** The side-by-side diff of a version against the active one, loaded on first use. */
export function VersionDiff(props: ComponentProps<typeof VersionDiffView>) {
  return (
    <Suspense fallback={<LoadingState what="diff" />}>
      <VersionDiffView {...props} />
    </Suspense>
  );
}
