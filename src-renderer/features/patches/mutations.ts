import { useMutation } from '@tanstack/react-query';
import type { IpcRequest } from '../../../src-shared/ipc/contract.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { announceDecisionFailure, announceNamedDecision, patchName, rolloutName, type DecisionVerb } from '../../infra/decision-notice.js';
import { call } from '../../ipc/call.js';

// Deactivation, reactivation and a reviewer's hand on a rollout go to the outbox in the main process;
// the cache change notice that follows refreshes what shows them. Each decision's one notice comes
// from `decision-notice.ts`, naming what it was taken on.

type PatchDecisionChannel = 'ops:patches.deactivate' | 'ops:patches.reactivate' | 'ops:rollouts.act';
type Named<C extends PatchDecisionChannel> = IpcRequest<C> & { signature: string };

function usePatchDecisionMutation<C extends PatchDecisionChannel>(channel: C, verbOf: (request: Named<C>) => DecisionVerb, nameOf: (request: Named<C>) => string) {
  const api = useOpsApi();
  return useMutation({
    mutationFn: ({ signature: _signature, ...request }: Named<C>) => call(api, channel, request as unknown as IpcRequest<C>),
    onSuccess: (receipt, request) => announceNamedDecision(verbOf(request), nameOf(request), receipt.delivery),
    onError: (error, request) => announceDecisionFailure(verbOf(request), nameOf(request), error),
  });
}

/** Takes a patch out of service (queued, audited): SDKs stop receiving it. */
export function useDeactivatePatchMutation() {
  return usePatchDecisionMutation('ops:patches.deactivate', () => 'deactivate', ({ signature }) => patchName(signature));
}

/** Puts a deactivated patch back in service (queued, audited). */
export function useReactivatePatchMutation() {
  return usePatchDecisionMutation('ops:patches.reactivate', () => 'reactivate', ({ signature }) => patchName(signature));
}

/** A reviewer's advance, hold, resume or abort (with a reason) of a patch's rollout, queued in the outbox. */
export function useRolloutActionMutation() {
  return usePatchDecisionMutation('ops:rollouts.act', ({ action }) => action, ({ signature, version }) => rolloutName(signature, version));
}
