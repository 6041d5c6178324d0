import type { IntlShape } from '@formatjs/intl';
import { create } from 'zustand';
import { IpcCallError } from '../ipc/call.js';
import { currentIntl } from './i18n/intl.js';
import { errorText } from './api-errors/api-error-text.js';

/** A message shown at the top of the window until dismissed. */
export interface Notice {
  id: number;
  tone: 'error' | 'info';
  text: string;
  /** What the notice is about, for tests and styles (a decision's delivery: sent, queued, conflict, …). */
  topic?: string;
}

interface NoticeState {
  notices: Notice[];
  noticeRaised(tone: Notice['tone'], text: string, topic?: string): void;
  noticeDismissed(id: number): void;
}

let nextNoticeId = 1;

const useNoticeStore = create<NoticeState>()((set) => ({
  notices: [],
  noticeRaised: (tone, text, topic) =>
    set((state) => ({ notices: [...state.notices.slice(-4), { id: nextNoticeId++, tone, text, ...(topic ? { topic } : {}) }] })),
  noticeDismissed: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
}));

export const useNotices = () => useNoticeStore((state) => state.notices);
export const useNoticeDismissed = () => useNoticeStore((state) => state.noticeDismissed);

/** Why an action failed, in the reader's language when the console words it (an unreachable console process), else the message as it came. */
export function failureReason(intl: Pick<IntlShape, 'formatMessage'>, error: unknown): string {
  if (error instanceof IpcCallError && error.kind === 'offline') return intl.formatMessage({ id: 'notice.offline' });
  // A backend refusal reads by its code in the reader's language, with the server's message as detail.
  return errorText(intl, error);
}

/** The one error reporter every mutation shares: says what failed (`action`, already in the reader's words) and why. */
export function reportError(action: string, error: unknown): void {
  const intl = currentIntl();
  useNoticeStore.getState().noticeRaised('error', intl.formatMessage({ id: 'notice.failed' }, { action, reason: failureReason(intl, error) }), 'failed');
}

/** Raises a notice (decisions raise theirs through `decision-notice.ts`). */
export function raiseNotice(tone: Notice['tone'], text: string, topic?: string): void {
  useNoticeStore.getState().noticeRaised(tone, text, topic);
}

/** Confirms an action that finished. */
export function reportInfo(text: string): void {
  useNoticeStore.getState().noticeRaised('info', text);
}
