import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { announceSubmission } from '../../infra/decision-notice.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { currentIntl } from '../../infra/i18n/intl.js';
import { reportError } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';
import { patchEditorKeys } from './queries.js';

const action = (id: string) => currentIntl().formatMessage({ id });

/** Saves the draft as typed (the editor debounces); a failure says so in the save status, not as a notice per keystroke. */
export function useSaveDraftMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:drafts.save'>) => call(api, 'ops:drafts.save', request),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: patchEditorKeys.drafts(), exact: true }),
  });
}

export function useDeleteDraftMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (draftId: string) => call(api, 'ops:drafts.delete', { draftId }),
    onSuccess: (_answer, draftId) => {
      queryClient.removeQueries({ queryKey: patchEditorKeys.draft(draftId) });
      void queryClient.invalidateQueries({ queryKey: patchEditorKeys.drafts(), exact: true });
    },
    onError: (error) => reportError(action('patchEditor.failedAction.delete'), error),
  });
}

/**
 * Submits a saved draft for review: a refusal comes back as the draft's problems (shown by the
 * editor); a queued submission raises the one notice saying what became of it.
 */
export function useSubmitDraftMutation() {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:drafts.submit'>) => call(api, 'ops:drafts.submit', request),
    onSuccess: (answer, request) => {
      if (!answer.ok) return;
      announceSubmission(answer.receipt.patchId ?? request.draftId, answer.receipt.delivery);
      void queryClient.invalidateQueries({ queryKey: patchEditorKeys.drafts() });
    },
    onError: (error) => reportError(action('patchEditor.failedAction.submit'), error),
  });
}

/** Runs the dry run on this machine; nothing is sent. */
export function useDryRunMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:patches.dryRun'>) => call(api, 'ops:patches.dryRun', request),
    onError: (error) => reportError(action('patchEditor.failedAction.dryRun'), error),
  });
}
