// The diff views load CodeMirror, the renderer's largest dependency: they are their own chunk, fetched
// when a detail pane first shows a diff, so the review queue's start never waits for them.
import { lazy, Suspense, type ComponentProps } from 'react';
import { LoadingState } from '../../../shared/loading/LoadingState.js';

const CodeDiffView = lazy(() => import('./CodeDiff.js').then((module) => ({ default: module.CodeDiff })));
const StateDiffView = lazy(() => import('./StateDiff.js').then((module) => ({ default: module.StateDiff })));

/** The code diff (CodeMirror merge view), loaded on first use. */
export function CodeDiff(props: ComponentProps<typeof CodeDiffView>) {
  return (
    <Suspense fallback={<LoadingState what="diff" />}>
      <CodeDiffView {...props} />
    </Suspense>
  );
}

/** The state diff (CodeMirror merge view of JSON), loaded on first use. */
export function StateDiff(props: ComponentProps<typeof StateDiffView>) {
  return (
    <Suspense fallback={<LoadingState what="diff" />}>
      <StateDiffView {...props} />
    </Suspense>
  );
}
