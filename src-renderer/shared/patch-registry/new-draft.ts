import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { currentIntl } from '../../infra/i18n/intl.js';
import { reportError } from '../../infra/notice-store.js';
import { call } from '../../ipc/call.js';
import { openDraft } from '../navigation-store.js';

/**
 * Starts a draft on this workstation (blank, a new version of a patch, or from an unanswered error)
 * and opens the patch editor on it.
 */
export function useNewDraftMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<'ops:drafts.create'>) => call(api, 'ops:drafts.create', request),
    onSuccess: (draft) => openDraft(draft.id),
    onError: (error, request) =>
      reportError(
        currentIntl().formatMessage({ id: 'figures.newDraft.action' }, { from: request.fromFailure ? 'failure' : request.patchId ? 'patch' : 'blank' }),
        error,
      ),
  });
}
