// The overview draws its charts with recharts: the page is its own chunk, fetched when the overview
// first opens, so the review queue's start never waits for it.
import { lazy, Suspense } from 'react';
import { LoadingState } from '../../../shared/loading/LoadingState.js';

const OverviewPageView = lazy(() => import('./OverviewPage.js').then((module) => ({ default: module.OverviewPage })));

/** The overview page, loaded on first open. */
export function OverviewPage() {
  return (
    <Suspense fallback={<LoadingState what="charts" />}>
      <OverviewPageView />
    </Suspense>
  );
}
