import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { useNewDraftMutation } from '../../../shared/patch-registry/new-draft.js';
import { mayAuthorPatches, useRole } from '../../../shared/patch-registry/roles.js';
import { useDeleteDraftMutation } from '../mutations.js';
import { draftListQuery } from '../queries.js';
import { draftSignature } from '../version-text.js';
import { UnpatchedTable } from './UnpatchedTable.js';

/** This workstation's drafts, newest saved first, each to open or delete. */
function DraftList({ onOpen, writable }: { onOpen(draftId: string): void; writable: boolean }) {
  const api = useOpsApi();
  const intl = useIntl();
  const drafts = useQuery(draftListQuery(api));
  const remove = useDeleteDraftMutation();
  if (drafts.isPending) return <p className="muted">{intl.formatMessage({ id: 'patchEditor.drafts.reading' })}</p>;
  if (drafts.isError) {
    return (
      <p className="error" role="alert">
        {intl.formatMessage({ id: 'patchEditor.drafts.readFailed' }, { reason: errorText(intl, drafts.error) })}
      </p>
    );
  }
  if (drafts.data.drafts.length === 0) return <p className="muted" data-testid="patch-drafts-empty">{intl.formatMessage({ id: 'patchEditor.drafts.empty' })}</p>;
  return (
    <ul className="patch-draft-list" data-testid="patch-drafts">
      {drafts.data.drafts.map((draft) => {
        const signature = draftSignature(draft.text);
        return (
          <li key={draft.id} data-testid="patch-draft-item" data-draft-id={draft.id}>
            <button type="button" className="link" onClick={() => onOpen(draft.id)}>
              {signature ? <span data-i18n-data>{signature}</span> : intl.formatMessage({ id: 'patchEditor.drafts.untitled' })}
            </button>{' '}
            <span className="muted small">
              {intl.formatMessage(
                { id: 'patchEditor.drafts.meta' },
                { kind: draft.patchId === null ? 'new' : 'version', version: (draft.baseVersion ?? 0) + 1, saved: formatDate(intl.locale, draft.savedAt) },
              )}
            </span>
            {draft.submittedAt && <span className="badge badge-queued">{intl.formatMessage({ id: 'patchEditor.drafts.submitted' })}</span>}
            {writable && (
              <button
                type="button"
                className="patch-draft-delete"
                onClick={() => remove.mutate(draft.id)}
                aria-label={intl.formatMessage({ id: 'patchEditor.drafts.deleteLabel' }, { name: signature ?? intl.formatMessage({ id: 'patchEditor.drafts.untitled' }) })}
                data-testid="patch-draft-delete"
              >
                {intl.formatMessage({ id: 'patchEditor.delete.button' })}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}

/** The editor with no draft open: your drafts, "New patch", and the errors no patch answered. */
export function DraftsLanding({ onOpen }: { onOpen(draftId: string): void }) {
  const intl = useIntl();
  const writable = mayAuthorPatches(useRole());
  const create = useNewDraftMutation();
  const start = (request: Parameters<typeof create.mutate>[0]) => create.mutate(request, { onSuccess: (draft) => onOpen(draft.id) });
  return (
    <div className="patch-landing" data-testid="patch-editor-landing">
      <header className="page-header">
        <h1 id="patch-editor-title">{intl.formatMessage({ id: 'patchEditor.title' })}</h1>
        {writable && (
          <button type="button" className="primary" disabled={create.isPending} onClick={() => start({})} data-testid="patch-new">
            {intl.formatMessage({ id: 'patchEditor.new' })}
          </button>
        )}
      </header>
      {!writable && <p className="muted">{intl.formatMessage({ id: 'patchEditor.draft.readOnly' })}</p>}
      <section aria-labelledby="patch-drafts-title">
        <h2 id="patch-drafts-title">{intl.formatMessage({ id: 'patchEditor.drafts.title' })}</h2>
        <DraftList onOpen={onOpen} writable={writable} />
      </section>
      <UnpatchedTable writable={writable} onWrite={(fromFailure) => start({ fromFailure })} />
    </div>
  );
}
