import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { LogPreview } from '../../../../src-shared/ipc/previews.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { previewDiffInput, type DiffInput } from '../diff-input.js';
import { logPreviewQuery } from '../queries.js';
import { CodeDiff, StateDiff } from './lazy-diffs.js';
import { WideDialog } from './WideDialog.js';

/** Where the preview shown comes from, and how fresh it is. */
function PreviewStatus({ answer }: { answer: LogPreview }) {
  const intl = useIntl();
  const { preview, problem } = answer;
  if (!preview) {
    return (
      <p className="muted" data-testid="preview-status" data-state="missing">
        {intl.formatMessage({ id: 'logDetail.preview.missing' }, { problemKnown: problem ? 'yes' : 'no', problem: problem?.message ?? '' })}
        {problem?.reason === 'offline' ? intl.formatMessage({ id: 'logDetail.preview.fetchedLater' }) : ''}
      </p>
    );
  }
  const computed = intl.formatMessage(
    { id: 'logDetail.preview.computed' },
    { at: formatDate(intl.locale, preview.computed_at), version: String(preview.log_version) },
  );
  return (
    <p className="muted small" data-testid="preview-status" data-state={answer.current ? 'current' : 'outdated'}>
      {computed}
      {intl.formatMessage({ id: answer.current ? 'logDetail.preview.current' : 'logDetail.preview.outdated' })}
      {problem ? ` ${problem.message}` : ''}
      {!answer.current && problem?.reason === 'offline' ? intl.formatMessage({ id: 'logDetail.preview.fromCache' }) : ''}
    </p>
  );
}

/**
 * "What this patch changes", before anyone decides: the backend's preview (a state diff, a code
 * diff, or the plain reason there is none), from the cache when the backend is away. With no preview
 * at all, the snapshot diff the cache can build for an applied patch is shown instead.
 */
export function PatchPreview({ logId, fallback }: { logId: string; fallback: DiffInput | null }) {
  const api = useOpsApi();
  const intl = useIntl();
  const query = useQuery(logPreviewQuery(api, logId));
  const preview = query.data?.preview ?? null;
  const stateInput = useMemo(() => (preview?.kind === 'state' ? previewDiffInput(preview) : null), [preview]);
  // The diff shown, inline and (on demand) at the window's full width.
  let diff = null;
  if (stateInput) diff = <StateDiff input={stateInput} />;
  else if (preview?.kind === 'code') diff = <CodeDiff preview={preview} />;
  else if (query.data && !preview && fallback?.kind === 'diff') diff = <StateDiff input={fallback} />;

  return (
    <section className="detail-section" aria-labelledby="preview-title" data-testid="patch-preview" data-kind={preview?.kind ?? 'missing'}>
      <div className="section-heading">
        <h3 id="preview-title">{intl.formatMessage({ id: 'logDetail.preview.title' })}</h3>
        {diff && (
          <WideDialog title={intl.formatMessage({ id: 'logDetail.preview.title' })} testId="diff-dialog">
            {() => diff}
          </WideDialog>
        )}
      </div>
      {query.isPending && <p className="muted">{intl.formatMessage({ id: 'logDetail.preview.reading' })}</p>}
      {query.isError && (
        <p className="error" role="alert">
          {intl.formatMessage({ id: 'logDetail.preview.failed' }, { reason: errorText(intl, query.error) })}
        </p>
      )}
      {query.data && <PreviewStatus answer={query.data} />}
      {diff}
      {preview?.kind === 'none' && (
        <div data-testid="preview-none" data-reason={preview.reason}>
          <p>{intl.formatMessage({ id: `logDetail.preview.none.${preview.reason}` })}</p>
          <p className="muted" data-testid="preview-none-detail" data-i18n-data>
            {preview.message}
          </p>
        </div>
      )}
    </section>
  );
}
