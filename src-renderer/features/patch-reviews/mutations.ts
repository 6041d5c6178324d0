import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { announceDecisionFailure, announceNamedDecision, patchName } from '../../infra/decision-notice.js';
import { call } from '../../ipc/call.js';

// Reviews go to the outbox in the main process (offline too); the cache change notice that follows
// refreshes the queue. Each review's one notice says what became of it, the backend's refusal included
// (the two-person rule, when this console's user wrote the version).

type ReviewChannel = 'ops:patches.approveVersion' | 'ops:patches.rejectVersion';

function useReviewMutation<C extends ReviewChannel>(channel: C, verb: 'approve' | 'reject') {
  const api = useOpsApi();
  return useMutation({
    mutationFn: ({ signature: _signature, ...request }: IpcRequest<C> & { signature: string }) => call(api, channel, request as IpcRequest<C>),
    onSuccess: (receipt, { signature, version }) => announceNamedDecision(verb, patchName(signature, version), receipt.delivery),
    onError: (error, { signature, version }) => announceDecisionFailure(verb, patchName(signature, version), error),
  });
}

/** Approves a patch version (someone else's: the backend refuses the author's own). */
export function useApproveVersionMutation() {
  return useReviewMutation('ops:patches.approveVersion', 'approve');
}

/** Rejects a patch version with a reason. */
export function useRejectVersionMutation() {
  return useReviewMutation('ops:patches.rejectVersion', 'reject');
}
