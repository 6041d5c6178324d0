import { useMutation } from '@tanstack/react-query';
import type { IpcRequest, IpcResponse } from '../../src-shared/ipc/contract.js';
import type { BulkDecisionItem } from '../../src-shared/ipc/decisions.js';
import type { DecisionSubject, Delivery } from '../../src-shared/ipc/delivery.js';
import { call } from '../ipc/call.js';
import { apiErrorText } from './api-errors/api-error-text.js';
import { useOpsApi } from './bridge-context.js';
import { currentIntl } from './i18n/intl.js';
import { failureReason, raiseNotice } from './notice-store.js';

// The one place decisions are announced: every decision path (row, keyboard, detail pane, pause
// banner, bulk, conflicts, patch decisions) goes through `useDecisionMutation`, `announceNamedDecision`,
// `announceSubmission` or `announceBulk`, so each decision
// gives exactly one notice, and it tells what the main process answered (see DeliverySchema).

/** The decisions the console takes, and conflict resolutions. */
export type DecisionVerb =
  | 'approve'
  | 'reject'
  | 'apply'
  | 'rollback'
  | 'resume'
  | 'deactivate'
  | 'reactivate'
  | 'advance'
  | 'hold'
  | 'abort'
  | 'keep_mine'
  | 'take_theirs'
  | 'discard';

type QueuedReason = Extract<Delivery, { status: 'queued' }>['reason'];
const queuedBecause = (reason: QueuedReason) => currentIntl().formatMessage({ id: `notice.queued.${reason}` });

/** A log as the tables name it: the start of its id, and its plugin. */
export function logName(id: string, pluginId: string | null): string {
  const short = id.slice(0, 8);
  return pluginId ? currentIntl().formatMessage({ id: 'notice.logOfPlugin' }, { id: short, plugin: pluginId }) : currentIntl().formatMessage({ id: 'notice.log' }, { id: short });
}

/** What a decision was taken on, in words: a log, a pause, or an SDK patch (a review names the version). */
export function subjectName(subject: DecisionSubject): string {
  if (subject.kind === 'log') return logName(subject.id, subject.pluginId);
  if (subject.kind !== 'pause') {
    const signature = subject.patch?.errorSignature ?? subject.id.slice(0, 8);
    if (subject.kind === 'patch_rollout' && typeof subject.patch?.version === 'number') return rolloutName(signature, subject.patch.version);
    const version = subject.kind === 'patch_review' ? subject.patch?.version : null;
    return version === null || version === undefined ? patchName(signature) : patchName(signature, version);
  }
  const id = subject.id.slice(0, 8);
  return subject.pluginId ? currentIntl().formatMessage({ id: 'notice.pauseOfPlugin' }, { id, plugin: subject.pluginId }) : currentIntl().formatMessage({ id: 'notice.pause' }, { id });
}

/** The backend's reason, worded by its code when the answer carried one (the message is then the detail). */
const backendReason = (delivery: { message: string; code?: string | null | undefined }) =>
  delivery.code ? apiErrorText(currentIntl(), delivery.code, delivery.message) : delivery.message;

/** What became of a decision, in words (never "sent" for one still queued). */
export function deliveryText(delivery: Delivery): string {
  const intl = currentIntl();
  switch (delivery.status) {
    case 'sent':
      return intl.formatMessage({ id: 'notice.delivery.sent' });
    case 'queued':
      return intl.formatMessage({ id: 'notice.delivery.queued' }, { reason: queuedBecause(delivery.reason) });
    case 'conflict':
      return intl.formatMessage({ id: 'notice.delivery.conflict' }, { message: backendReason(delivery) });
    case 'refused':
      return intl.formatMessage({ id: 'notice.delivery.refused' }, { message: backendReason(delivery) });
  }
}

/** An SDK patch as notices name it: its error signature, and the version when a decision is about one. */
export function patchName(errorSignature: string, version?: number): string {
  const intl = currentIntl();
  return version === undefined
    ? intl.formatMessage({ id: 'notice.patch' }, { signature: errorSignature })
    : intl.formatMessage({ id: 'notice.patchVersion' }, { signature: errorSignature, version });
}

/** A patch's rollout as notices name it: the version rolled out and the patch's error signature. */
export function rolloutName(errorSignature: string, version: number): string {
  return currentIntl().formatMessage({ id: 'notice.patchRollout' }, { signature: errorSignature, version });
}

/** The notice of one decision. */
export function decisionNotice(verb: DecisionVerb, subject: DecisionSubject | string, delivery: Delivery | null): { tone: 'info' | 'error'; text: string } {
  const intl = currentIntl();
  const name = typeof subject === 'string' ? subject : subjectName(subject);
  if (verb === 'take_theirs') return { tone: 'info', text: intl.formatMessage({ id: 'notice.takeTheirs' }, { name }) };
  if (verb === 'discard' || delivery === null) return { tone: 'info', text: intl.formatMessage({ id: 'notice.discarded' }, { verb, name }) };
  const tone = delivery.status === 'conflict' || delivery.status === 'refused' ? 'error' : 'info';
  return { tone, text: intl.formatMessage({ id: 'notice.decision' }, { verb, name, delivery: deliveryText(delivery) }) };
}

/** Raises the one notice of a decision and remembers the log was decided here. */
export function announceDecision(verb: DecisionVerb, subject: DecisionSubject, delivery: Delivery | null): void {
  if (subject.kind === 'log' && delivery !== null) rememberDecided(subject.id, verb);
  const { tone, text } = decisionNotice(verb, subject, delivery);
  raiseNotice(tone, text, delivery?.status ?? 'resolved');
}

/**
 * Raises the one notice of a decision on something other than a log or a pause (an SDK patch or one of
 * its versions), named in words by the caller.
 */
export function announceNamedDecision(verb: DecisionVerb, name: string, delivery: Delivery): void {
  const { tone, text } = decisionNotice(verb, name, delivery);
  raiseNotice(tone, text, delivery.status);
}

/** Raises the one notice of a draft submitted for review (`id`: the patch's id, or the draft's while it is new). */
export function announceSubmission(id: string, delivery: Delivery): void {
  const tone = delivery.status === 'conflict' || delivery.status === 'refused' ? 'error' : 'info';
  raiseNotice(tone, currentIntl().formatMessage({ id: 'notice.submitted' }, { id: id.slice(0, 8), delivery: deliveryText(delivery) }), delivery.status);
}

/** The notice of a bulk decision: how many were sent, queued, and which failed, by name and why. */
export function bulkNotice(verb: 'approve' | 'reject', items: readonly BulkDecisionItem[], names: ReadonlyMap<string, string | null>): { tone: 'info' | 'error'; text: string } {
  const intl = currentIntl();
  const failure = (name: string, why: string) => intl.formatMessage({ id: 'notice.bulk.failure' }, { name, why });
  const sent = items.filter((item) => item.queued && item.receipt.delivery.status === 'sent').length;
  const queued = items.flatMap((item) => (item.queued && item.receipt.delivery.status === 'queued' ? [item.receipt.delivery] : []));
  const failed = items.flatMap((item) => {
    if (!item.queued) return [failure(logName(item.logId, names.get(item.logId) ?? null), item.error)];
    const { delivery, subject } = item.receipt;
    return delivery.status === 'conflict' || delivery.status === 'refused' ? [failure(subjectName(subject), deliveryText(delivery))] : [];
  });
  const parts = [intl.formatMessage({ id: 'notice.bulk.sent' }, { count: sent })];
  if (queued.length > 0) parts.push(intl.formatMessage({ id: 'notice.bulk.queued' }, { count: queued.length, reason: queuedBecause(queued[0]!.reason) }));
  if (failed.length > 0) parts.push(intl.formatMessage({ id: 'notice.bulk.failed' }, { count: failed.length, failures: failed.join('; ') }));
  const text = intl.formatMessage({ id: 'notice.bulk' }, { verb, count: items.length, parts: parts.join(', ') });
  return { tone: failed.length > 0 ? 'error' : 'info', text };
}

/** Raises the one notice of a bulk decision. */
export function announceBulk(verb: 'approve' | 'reject', items: readonly BulkDecisionItem[], names: ReadonlyMap<string, string | null>): void {
  for (const item of items) if (item.queued) rememberDecided(item.logId, verb);
  const { tone, text } = bulkNotice(verb, items, names);
  raiseNotice(tone, text, 'bulk');
}

/** How many logs a decision was about, in words ("3 logs"). */
export const logCount = (count: number) => currentIntl().formatMessage({ id: 'notice.logCount' }, { count });

/** Raises the one notice of a decision the main process did not take (refused before queueing, or unreachable). */
export function announceDecisionFailure(verb: DecisionVerb, subject: string, error: unknown): void {
  const intl = currentIntl();
  raiseNotice('error', intl.formatMessage({ id: 'notice.failedAction' }, { verb, subject, reason: failureReason(intl, error) }), 'failed');
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
