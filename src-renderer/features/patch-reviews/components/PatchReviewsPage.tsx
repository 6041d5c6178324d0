import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { QueryState } from '../../../shared/patch-registry/QueryState.js';
import { mayReviewPatches, useRole } from '../../../shared/patch-registry/roles.js';
import { reviewQueueQuery } from '../queries.js';
import { ReviewCard } from './ReviewCard.js';
import '../patch-reviews.css';

/** The reviewer's queue of patch versions, beside the healing-log queue; it reads the cache, so it works offline. */
export function PatchReviewsPage() {
  const intl = useIntl();
  const api = useOpsApi();
  const queue = useQuery(reviewQueueQuery(api));
  const canReview = mayReviewPatches(useRole());
  const items = queue.data?.items ?? [];
  const state = queue.isPending ? 'loading' : queue.isError ? 'error' : items.length === 0 ? 'empty' : 'ready';
  return (
    <section className="page patch-reviews-page" aria-labelledby="patch-reviews-title" data-testid="patch-reviews-page" data-state={state}>
      <header className="page-header">
        <h1 id="patch-reviews-title">{intl.formatMessage({ id: 'patchReviews.title' })}</h1>
        {queue.data && (
          <span className="muted" role="status" data-testid="patch-reviews-count">
            {intl.formatMessage({ id: 'patchReviews.count' }, { count: items.length })}
          </span>
        )}
      </header>
      <QueryState
        state={state}
        testId="patch-reviews"
        loading={intl.formatMessage({ id: 'patchReviews.loading' })}
        failed={intl.formatMessage({ id: 'patchReviews.failed' }, { message: queue.error?.message ?? '' })}
        empty={intl.formatMessage({ id: 'patchReviews.empty' })}
        onRetry={() => void queue.refetch()}
      />
      {items.map((item) => (
        <ReviewCard key={item.version.id} item={item} canReview={canReview} />
      ))}
    </section>
  );
}
