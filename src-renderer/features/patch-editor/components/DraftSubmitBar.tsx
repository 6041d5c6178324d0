import { useEffect, useState } from 'react';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { DraftProblem, PatchDraft } from '../../../../src-shared/ipc/patches.js';
import { failureReason } from '../../../infra/notice-store.js';
import { useDeleteDraftMutation, useSubmitDraftMutation } from '../mutations.js';
import { useDraftAutosave, type SaveStatus } from '../use-draft-autosave.js';
import { ProblemsList } from './ProblemsList.js';

function SaveStatusText({ status }: { status: SaveStatus }) {
  const intl = useIntl();
  const text =
    status.state === 'saved'
      ? intl.formatMessage({ id: 'patchEditor.save.saved' }, { time: intl.formatTime(status.savedAt, { hour: '2-digit', minute: '2-digit' }) })
      : status.state === 'pending'
        ? intl.formatMessage({ id: 'patchEditor.save.pending' })
        : intl.formatMessage({ id: 'patchEditor.save.failed' }, { reason: failureReason(intl, status.error) });
  return (
    <span className={status.state === 'failed' ? 'error small' : 'muted small'} data-testid="patch-save-status" data-state={status.state}>
      {text}
    </span>
  );
}

/**
 * The draft's change note, its save status (saved on this workstation as it is typed), "submit for
 * review" and deletion. A refused submission lists the problems the shared schema found.
 */
export function DraftSubmitBar({ draft, text, writable, onGoTo, onDeleted }: { draft: PatchDraft; text: string; writable: boolean; onGoTo(problem: DraftProblem): void; onDeleted(): void }) {
  const intl = useIntl();
  const [changeNote, setChangeNote] = useState(draft.changeNote);
  const [refusal, setRefusal] = useState<DraftProblem[] | null>(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const { status, flush } = useDraftAutosave(draft, text, changeNote, writable);
  const submit = useSubmitDraftMutation();
  const remove = useDeleteDraftMutation();
  // A refusal lists the problems of the text it judged: editing the draft retires it (the editor's own list follows the text).
  useEffect(() => setRefusal(null), [text]);

  const onSubmit = async () => {
    setRefusal(null);
    await flush();
    const answer = await submit.mutateAsync({ draftId: draft.id, changeNote });
    if (!answer.ok) setRefusal(answer.problems);
  };

  return (
    <section className="patch-submit" aria-labelledby="patch-submit-title" data-testid="patch-submit">
      <h2 id="patch-submit-title" className="visually-hidden">
        {intl.formatMessage({ id: 'patchEditor.submit.title' })}
      </h2>
      <div className="patch-submit-row">
        <SaveStatusText status={status} />
        {draft.submittedAt && (
          <span className="badge badge-queued" data-testid="patch-submitted">
            {intl.formatMessage({ id: 'patchEditor.submit.submittedAt' }, { time: formatDate(intl.locale, draft.submittedAt) })}
          </span>
        )}
      </div>
      {writable && (
        <>
          <label className="patch-change-note">
            <span>{intl.formatMessage({ id: 'patchEditor.submit.changeNote' })}</span>
            <textarea value={changeNote} maxLength={2000} rows={2} onChange={(event) => setChangeNote(event.target.value)} data-testid="patch-change-note" />
          </label>
          <div className="form-actions">
            <button
              type="button"
              className="primary"
              disabled={submit.isPending || changeNote.trim() === ''}
              onClick={() => void onSubmit().catch(() => undefined)}
              data-testid="patch-submit-button"
            >
              {intl.formatMessage({ id: 'patchEditor.submit.button' })}
            </button>
            {changeNote.trim() === '' && <span className="muted small">{intl.formatMessage({ id: 'patchEditor.submit.needsNote' })}</span>}
            {!confirmDelete ? (
              <button type="button" onClick={() => setConfirmDelete(true)} data-testid="patch-delete">
                {intl.formatMessage({ id: 'patchEditor.delete.button' })}
              </button>
            ) : (
              <span role="group" aria-label={intl.formatMessage({ id: 'patchEditor.delete.confirmLabel' })} className="patch-delete-confirm">
                <span>{intl.formatMessage({ id: 'patchEditor.delete.question' })}</span>
                <button type="button" className="danger" onClick={() => remove.mutate(draft.id, { onSuccess: onDeleted })} data-testid="patch-delete-confirm">
                  {intl.formatMessage({ id: 'patchEditor.delete.confirm' })}
                </button>
                <button type="button" onClick={() => setConfirmDelete(false)}>
                  {intl.formatMessage({ id: 'patchEditor.delete.keep' })}
                </button>
              </span>
            )}
          </div>
        </>
      )}
      {refusal && (
        <div role="alert" data-testid="patch-submit-refused">
          <p className="error">{intl.formatMessage({ id: 'patchEditor.submit.refused' }, { count: refusal.length })}</p>
          <ProblemsList problems={refusal} onGoTo={onGoTo} testId="patch-submit-problems" />
        </div>
      )}
    </section>
  );
}
