import { useMutation } from '@tanstack/react-query';
import type { IpcRequest, IpcResponse } from '../../src-shared/ipc/contract.js';
import type { BulkDecisionItem } from '../../src-shared/ipc/decisions.js';
import type { DecisionSubject, Delivery } from '../../src-shared/ipc/delivery.js';
import { call } from '../ipc/call.js';
import { useOpsApi } from './bridge-context.js';
import { raiseNotice, reportError } from './notice-store.js';

// The one place decisions are announced: every decision path (row, keyboard, detail pane, pause
// banner, bulk, conflicts) goes through `useDecisionMutation` or `announceBulk`, so each decision
// gives exactly one notice, and it tells what the main process answered (see DeliverySchema).

/** The decisions the console takes, and conflict resolutions. */
export type DecisionVerb = 'approve' | 'reject' | 'apply' | 'rollback' | 'resume' | 'keep_mine' | 'take_theirs' | 'discard';

const DONE: Record<DecisionVerb, string> = {
  approve: 'Approval of',
  reject: 'Rejection of',
  apply: 'Apply of',
  rollback: 'Rollback of',
  resume: 'Resume of',
  keep_mine: 'Your decision on',
  take_theirs: 'Conflict on',
  discard: 'Conflict on',
};

const INFINITIVE: Record<DecisionVerb, string> = {
  approve: 'approve',
  reject: 'reject',
  apply: 'apply',
  rollback: 'roll back',
  resume: 'resume',
  keep_mine: 'keep your decision on',
  take_theirs: 'take the server’s version of',
  discard: 'discard your decision on',
};

const QUEUED_BECAUSE: Record<Extract<Delivery, { status: 'queued' }>['reason'], string> = {
  unreachable: 'the backend is unreachable, it will be sent when it is back',
  token_refused: 'the backend refused the console’s token, it will be sent once the token is fixed in Settings',
  no_answer_yet: 'the backend has not answered yet, it will be sent in the background',
  no_session: 'no backend is connected, it will be sent when one is',
};

/** A log as the tables name it: the start of its id, and its plugin. */
export function logName(id: string, pluginId: string | null): string {
  return `log ${id.slice(0, 8)}${pluginId ? ` (${pluginId})` : ''}`;
}

/** What a decision was taken on, in words. */
export function subjectName(subject: DecisionSubject): string {
  return subject.kind === 'log' ? logName(subject.id, subject.pluginId) : `auto-apply${subject.pluginId ? ` on ${subject.pluginId}` : ''} (pause ${subject.id.slice(0, 8)})`;
}

/** What became of a decision, in words (never "sent" for one still queued). */
export function deliveryText(delivery: Delivery): string {
  switch (delivery.status) {
    case 'sent':
      return 'sent';
    case 'queued':
      return `queued: ${QUEUED_BECAUSE[delivery.reason]}`;
    case 'conflict':
      return `not applied: conflict, it changed on the server (${delivery.message}); resolve it under Conflicts`;
    case 'refused':
      return `refused by the backend: ${delivery.message}`;
  }
}

/** The notice of one decision. */
export function decisionNotice(verb: DecisionVerb, subject: DecisionSubject, delivery: Delivery | null): { tone: 'info' | 'error'; text: string } {
  const name = subjectName(subject);
  if (verb === 'take_theirs') return { tone: 'info', text: `${DONE[verb]} ${name} resolved: the server’s version is kept, your decision dropped.` };
  if (verb === 'discard' || delivery === null) return { tone: 'info', text: `${DONE[verb]} ${name} resolved: your decision is discarded; the next sync refreshes it.` };
  const tone = delivery.status === 'conflict' || delivery.status === 'refused' ? 'error' : 'info';
  return { tone, text: `${DONE[verb]} ${name} ${deliveryText(delivery)}.` };
}

/** Raises the one notice of a decision and remembers the log was decided here. */
export function announceDecision(verb: DecisionVerb, subject: DecisionSubject, delivery: Delivery | null): void {
  if (subject.kind === 'log' && delivery !== null) rememberDecided(subject.id, verb);
  const { tone, text } = decisionNotice(verb, subject, delivery);
  raiseNotice(tone, text, delivery?.status ?? 'resolved');
}

/** The notice of a bulk decision: how many were sent, queued, and which failed, by name and why. */
export function bulkNotice(verb: 'approve' | 'reject', items: readonly BulkDecisionItem[], names: ReadonlyMap<string, string | null>): { tone: 'info' | 'error'; text: string } {
  const sent = items.filter((item) => item.queued && item.receipt.delivery.status === 'sent').length;
  const queued = items.flatMap((item) => (item.queued && item.receipt.delivery.status === 'queued' ? [item.receipt.delivery] : []));
  const failed = items.flatMap((item) => {
    if (!item.queued) return [`${logName(item.logId, names.get(item.logId) ?? null)}: ${item.error}`];
    const { delivery, subject } = item.receipt;
    return delivery.status === 'conflict' || delivery.status === 'refused' ? [`${subjectName(subject)}: ${deliveryText(delivery)}`] : [];
  });
  const parts = [`${sent} sent`];
  if (queued.length > 0) parts.push(`${queued.length} queued (${QUEUED_BECAUSE[queued[0]!.reason]})`);
  if (failed.length > 0) parts.push(`${failed.length} failed: ${failed.join('; ')}`);
  const noun = verb === 'approve' ? 'Bulk approval' : 'Bulk rejection';
  return { tone: failed.length > 0 ? 'error' : 'info', text: `${noun} of ${items.length} ${items.length === 1 ? 'log' : 'logs'}: ${parts.join(', ')}.` };
}

/** Raises the one notice of a bulk decision. */
export function announceBulk(verb: 'approve' | 'reject', items: readonly BulkDecisionItem[], names: ReadonlyMap<string, string | null>): void {
  for (const item of items) if (item.queued) rememberDecided(item.logId, verb);
  const { tone, text } = bulkNotice(verb, items, names);
  raiseNotice(tone, text, 'bulk');
}

/** Raises the one notice of a decision the main process did not take (refused before queueing, or unreachable). */
export function announceDecisionFailure(verb: DecisionVerb, subject: string, error: unknown): void {
  reportError(`${INFINITIVE[verb]} ${subject}`, error);
}

type DecisionChannel = 'ops:decisions.approve' | 'ops:decisions.reject' | 'ops:decisions.apply' | 'ops:decisions.rollback' | 'ops:pauses.resume' | 'ops:conflicts.resolve';

/**
 * A decision as a mutation, with its one notice: on success what the main process answered
 * (`subject`, `delivery`), on failure why it was not taken. `verbOf` and `nameOf` say what it is
 * before an answer exists (for the failure notice).
 */
export function useDecisionMutation<C extends DecisionChannel>(
  channel: C,
  verbOf: (request: IpcRequest<C>) => DecisionVerb,
  nameOf: (request: IpcRequest<C>) => string,
) {
  const api = useOpsApi();
  return useMutation({
    mutationFn: (request: IpcRequest<C>) => call(api, channel, request),
    onSuccess: (answer: IpcResponse<C>, request) => announceDecision(verbOf(request), answer.subject, answer.delivery),
    onError: (error, request) => announceDecisionFailure(verbOf(request), nameOf(request), error),
  });
}

const decided = new Map<string, DecisionVerb>();

function rememberDecided(logId: string, verb: DecisionVerb): void {
  decided.delete(logId);
  decided.set(logId, verb);
  if (decided.size > 500) decided.delete(decided.keys().next().value!);
}

/** The decision this console took on a log lately, if any (to tell "approved" from "approved elsewhere"). */
export function decidedHere(logId: string): DecisionVerb | undefined {
  return decided.get(logId);
}
