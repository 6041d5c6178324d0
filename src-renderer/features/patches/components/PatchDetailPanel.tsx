import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { SdkPatchVersion } from '../../../../src-shared/schemas/sdk.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { patchDetailQuery } from '../queries.js';
import { patchesUi } from '../patches-store.js';
import { PatchStateBadge } from './PatchCells.js';
import { RolloutPanel } from './RolloutPanel.js';

function VersionRow({ version }: { version: SdkPatchVersion }) {
  const intl = useIntl();
  return (
    <tr data-testid="patch-version-row" data-version={version.version} data-status={version.status}>
      <th scope="row">{intl.formatMessage({ id: 'patches.version.number' }, { version: version.version })}</th>
      <td>
        <span className={`version-status version-${version.status}`}>{intl.formatMessage({ id: `patches.versionStatus.${version.status}` })}</span>
      </td>
      <td>
        <span data-i18n-data>{version.created_by_name ?? version.created_by}</span>
        <br />
        <time className="muted small" dateTime={version.created_at}>
          {formatDate(intl.locale, version.created_at)}
        </time>
      </td>
      <td>
        {version.reviewed_by === null ? (
          <span className="muted">{intl.formatMessage({ id: 'patches.detail.notReviewed' })}</span>
        ) : (
          <>
            <span data-i18n-data>{version.reviewed_by_name ?? version.reviewed_by}</span>
            {version.reviewed_at && (
              <>
                <br />
                <time className="muted small" dateTime={version.reviewed_at}>
                  {formatDate(intl.locale, version.reviewed_at)}
                </time>
              </>
            )}
          </>
        )}
      </td>
      <td>
        <span data-i18n-data>{version.change_note ?? version.description}</span>
        {version.review_comment && (
          <span className="small muted">
            {' '}
            {intl.formatMessage({ id: 'patches.detail.reviewComment' }, { comment: version.review_comment })}
          </span>
        )}
        {version.rejection_reason && (
          <span className="small error">
            {' '}
            {intl.formatMessage({ id: 'patches.detail.rejectedBecause' }, { reason: version.rejection_reason })}
          </span>
        )}
      </td>
    </tr>
  );
}

/** One patch's history: every version with its status, author, reviewer and change note. */
export function PatchDetailPanel({ patchId }: { patchId: string }) {
  const intl = useIntl();
  const api = useOpsApi();
  const detail = useQuery(patchDetailQuery(api, patchId));
  return (
    <section id="patch-detail" className="patch-detail" aria-labelledby="patch-detail-title" data-testid="patch-detail" data-patch-id={patchId}>
      <header className="patch-detail-header">
        <h2 id="patch-detail-title">
          {detail.data ? (
            <FormattedSignature signature={detail.data.patch.error_signature} />
          ) : (
            intl.formatMessage({ id: 'patches.detail.title' })
          )}
        </h2>
        {detail.data && <PatchStateBadge state={detail.data.row.state} />}
        <button type="button" data-testid="patch-detail-close" onClick={() => patchesUi.patchOpened(null)}>
          {intl.formatMessage({ id: 'patches.detail.close' })}
        </button>
      </header>
      {detail.isPending && <p className="muted" role="status">{intl.formatMessage({ id: 'patches.detail.loading' })}</p>}
      {detail.isError && (
        <p className="error" role="alert">
          {intl.formatMessage({ id: 'patches.detail.failed' }, { message: detail.error.message })}
        </p>
      )}
      {detail.data && (
        <>
          <p data-i18n-data>{detail.data.patch.description}</p>
          <RolloutPanel patchId={patchId} signature={detail.data.patch.error_signature} />
          <table className="version-table">
            <caption className="visually-hidden">{intl.formatMessage({ id: 'patches.detail.versions' })}</caption>
            <thead>
              <tr>
                <th scope="col">{intl.formatMessage({ id: 'patches.detail.version' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'patches.detail.status' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'patches.detail.author' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'patches.detail.reviewer' })}</th>
                <th scope="col">{intl.formatMessage({ id: 'patches.detail.changeNote' })}</th>
              </tr>
            </thead>
            <tbody>
              {detail.data.versions.map((version) => (
                <VersionRow key={version.id} version={version} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function FormattedSignature({ signature }: { signature: string }) {
  const intl = useIntl();
  return <>{intl.formatMessage({ id: 'patches.detail.titleOf' }, { signature })}</>;
}
