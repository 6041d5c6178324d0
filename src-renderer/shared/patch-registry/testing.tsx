import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import type { OpsApi } from '../../../src-shared/ipc/contract.js';
import { BridgeProvider } from '../../infra/bridge-context.js';
import { I18nProvider } from '../../infra/i18n/I18nProvider.js';
import { useNoticeDismissed, useNotices } from '../../infra/notice-store.js';
import { createQueryClient } from '../../infra/query-client.js';

/** The window's notices as text, and a way to clear them (the store is shared by the whole window). */
function NoticeList() {
  const notices = useNotices();
  const dismissed = useNoticeDismissed();
  return (
    <ul>
      {notices.map((notice) => (
        <li key={notice.id} className="notice">
          {notice.text}
          <button type="button" data-testid="dismiss-notice" onClick={() => dismissed(notice.id)} />
        </li>
      ))}
    </ul>
  );
}

/**
 * Renders a registry screen's part in a language, over a contract end that answers `answers[channel]`
 * (other channels fail), with the notices beside it; every call is recorded.
 */
export function renderOverBridge(ui: ReactNode, answers: Readonly<Record<string, unknown>>, locale: 'en' | 'fr' = 'en') {
  const calls: Array<{ channel: string; request: unknown }> = [];
  const api = {
    async invoke(channel: string, request: unknown) {
      calls.push({ channel, request });
      if (channel in answers) return { ok: true, data: answers[channel] };
      return { ok: false, error: { kind: 'internal', message: `unexpected ${channel}` } };
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  render(
    <I18nProvider locale={locale}>
      <QueryClientProvider client={createQueryClient()}>
        <BridgeProvider api={api}>
          <NoticeList />
          {ui}
        </BridgeProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
  return calls;
}

/** The texts of the notices on screen. */
export const noticeTexts = () => [...document.querySelectorAll('.notice')].map((notice) => notice.textContent ?? '');

/** Dismisses every notice (call before `cleanup`: each test starts with none). */
export function dismissNotices(click: (element: Element) => void): void {
  for (const button of document.querySelectorAll('[data-testid="dismiss-notice"]')) click(button);
}
