import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { announceDecisionFailure, announceNamedDecision, patchName, rolloutName } from '../../infra/decision-notice.js';
import { call } from '../../ipc/call.js';

// Deactivation and reactivation go to the outbox in the main process; the cache change notice that
// follows refreshes the table. Each decision's one notice comes from `decision-notice.ts`.

type ServiceChannel = 'ops:patches.deactivate' | 'ops:patches.reactivate';

function useServiceMutation(channel: ServiceChannel, verb: 'deactivate' | 'reactivate') {
  const api = useOpsApi();
  return useMutation({
    mutationFn: ({ signature: _signature, ...request }: IpcRequest<ServiceChannel> & { signature: string }) => call(api, channel, request),
    onSuccess: (receipt, { signature }) => announceNamedDecision(verb, patchName(signature), receipt.delivery),
    onError: (error, { signature }) => announceDecisionFailure(verb, patchName(signature), error),
  });
}

/** Takes a patch out of service (queued, audited): SDKs stop receiving it. */
export function useDeactivatePatchMutation() {
  return useServiceMutation('ops:patches.deactivate', 'deactivate');
}

/** Puts a deactivated patch back in service (queued, audited). */
export function useReactivatePatchMutation() {
  return useServiceMutation('ops:patches.reactivate', 'reactivate');
}

/** A reviewer's advance, hold, resume or abort (with a reason) of a patch's rollout, queued in the outbox. */
export function useRolloutActionMutation() {
  const api = useOpsApi();
  return useMutation({
    mutationFn: ({ signature: _signature, ...request }: IpcRequest<'ops:rollouts.act'> & { signature: string }) => call(api, 'ops:rollouts.act', request),
    onSuccess: (receipt, { action, signature, version }) => announceNamedDecision(action, rolloutName(signature, version), receipt.delivery),
    onError: (error, { action, signature, version }) => announceDecisionFailure(action, rolloutName(signature, version), error),
  });
}
