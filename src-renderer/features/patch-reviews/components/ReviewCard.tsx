import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { PatchReviewItem } from '../../../../src-shared/ipc/patches.js';
import { versionDocument } from '../version-json.js';
import { VersionDiff } from './lazy-version-diff.js';
import { DryRunResults } from './DryRunResults.js';
import { ReviewActions } from './ReviewActions.js';

/** One version waiting for review: who wrote it and why, what it changes, what it does to the failures it targets. */
export function ReviewCard({ item, canReview }: { item: PatchReviewItem; canReview: boolean }) {
  const intl = useIntl();
  const { patch, version } = item;
  const titleId = `review-${version.id}`;
  return (
    <article
      className="review-card"
      aria-labelledby={titleId}
      data-testid="patch-review"
      data-patch-id={patch.id}
      data-version={version.version}
      data-own={item.ownVersion ? 'true' : undefined}
      data-local-state={item.localState}
    >
      <header className="review-card-header">
        <h2 id={titleId}>
          {intl.formatMessage({ id: item.activeVersion ? 'patchReviews.titleNewVersion' : 'patchReviews.titleNewPatch' }, { signature: patch.error_signature, version: version.version })}
        </h2>
        {item.localState !== 'synced' && (
          <span className={`local-note local-note-${item.localState}`} data-testid="review-local-state">
            {intl.formatMessage({ id: `patchReviews.local.${item.localState}` })}
          </span>
        )}
      </header>
      <dl className="review-facts">
        <div>
          <dt>{intl.formatMessage({ id: 'patchReviews.author' })}</dt>
          <dd data-i18n-data>{version.created_by_name ?? version.created_by}</dd>
        </div>
        <div>
          <dt>{intl.formatMessage({ id: 'patchReviews.submitted' })}</dt>
          <dd>
            <time dateTime={version.created_at}>{formatDate(intl.locale, version.created_at)}</time>
          </dd>
        </div>
        <div>
          <dt>{intl.formatMessage({ id: 'patchReviews.language' })}</dt>
          <dd className="mono" data-i18n-data>
            {version.sdk_language}
          </dd>
        </div>
        <div className="review-note">
          <dt>{intl.formatMessage({ id: 'patchReviews.changeNote' })}</dt>
          <dd data-i18n-data>{item.changeNote}</dd>
        </div>
      </dl>
      <section className="detail-section">
        <h3>
          {item.activeVersion
            ? intl.formatMessage({ id: 'patchReviews.diff.title' }, { version: item.activeVersion.version })
            : intl.formatMessage({ id: 'patchReviews.diff.titleNew' })}
        </h3>
        <VersionDiff before={versionDocument(item.activeVersion)} after={versionDocument(version)} activeVersion={item.activeVersion?.version ?? null} version={version.version} />
      </section>
      <section className="detail-section">
        <h3>{intl.formatMessage({ id: 'patchReviews.dryRun.title' })}</h3>
        <DryRunResults item={item} />
      </section>
      {canReview ? <ReviewActions item={item} /> : <p className="muted small">{intl.formatMessage({ id: 'patchReviews.onlyReviewers' })}</p>}
    </article>
  );
}
