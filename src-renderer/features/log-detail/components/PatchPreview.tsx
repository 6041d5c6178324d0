import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { LogPreview } from '../../../../src-shared/ipc/previews.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { formatRecordedAt, previewDiffInput, type DiffInput } from '../diff-input.js';
import { logPreviewQuery } from '../queries.js';
import { CodeDiff, StateDiff } from './lazy-diffs.js';
import { WideDialog } from './WideDialog.js';

/** Where the preview shown comes from, and how fresh it is. */
function PreviewStatus({ answer }: { answer: LogPreview }) {
  const { preview, problem } = answer;
  if (!preview) {
    return (
      <p className="muted" data-testid="preview-status" data-state="missing">
        No preview of this patch is cached{problem ? `: ${problem.message}` : '.'}
        {problem?.reason === 'offline' ? ' It is fetched when the backend is reachable again.' : ''}
      </p>
    );
  }
  const computed = `Computed by the backend ${formatRecordedAt(preview.computed_at)} for version ${preview.log_version} of this log`;
  return (
    <p className="muted small" data-testid="preview-status" data-state={answer.current ? 'current' : 'outdated'}>
      {computed}
      {answer.current ? '.' : '; the log or its plugin has changed since, so it may be out of date.'}
      {problem ? ` ${problem.message}` : ''}
      {!answer.current && problem?.reason === 'offline' ? ' Shown from the local cache.' : ''}
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
        <h3 id="preview-title">What this patch changes</h3>
        {diff && (
          <WideDialog title="What this patch changes" testId="diff-dialog">
            {() => diff}
          </WideDialog>
        )}
      </div>
      {query.isPending && <p className="muted">Reading the preview…</p>}
      {query.isError && (
        <p className="error" role="alert">
          The preview could not be read: {query.error.message}
        </p>
      )}
      {query.data && <PreviewStatus answer={query.data} />}
      {diff}
      {preview?.kind === 'none' && (
        <p data-testid="preview-none" data-reason={preview.reason}>
          {preview.message}
        </p>
      )}
    </section>
  );
}
