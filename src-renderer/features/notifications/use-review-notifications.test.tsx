// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, render, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IpcEventName, OpsApi } from '../../../src-shared/ipc/contract.js';
import type { CachedLog, SyncStatus } from '../../../src-shared/ipc/model.js';
import type { NotificationsStatus } from '../../../src-shared/ipc/notifications.js';
import { BridgeProvider } from '../../infra/bridge-context.js';
import { connectCacheInvalidation } from '../../infra/cache-invalidation.js';
import { I18nProvider } from '../../infra/i18n/I18nProvider.js';
import type { Locale } from '../../infra/i18n/locale-store.js';
import { createQueryClient } from '../../infra/query-client.js';
import { useReviewNotifications } from './use-review-notifications.js';

/** The web Notification API as far as the hook uses it, recording what it was asked to show. */
class RecordingNotification {
  static permission: NotificationPermission = 'granted';
  static shown: Array<{ title: string; body: string | undefined }> = [];
  onclick: (() => void) | null = null;
  constructor(title: string, options?: NotificationOptions) {
    RecordingNotification.shown.push({ title, body: options?.body });
  }
}

const status = (initialSyncDone: boolean): SyncStatus => ({
  connectivity: 'online',
  profile: { id: 'p1', name: 'Demo', url: 'http://127.0.0.1:1' },
  identity: null,
  syncing: false,
  initialSyncDone,
  cursor: 1,
  lastSuccessAt: null,
  lastError: null,
  outboxDepth: 0,
  outboxRejected: 0,
  conflicts: 0,
});

let serial = 0;
const pending = (severity: 'high' | 'critical' | 'low'): CachedLog =>
  ({
    log: {
      id: `00000000-0000-4000-8000-${String(++serial).padStart(12, '0')}`,
      plugin_id: `plugin-${serial}`,
      detected_issue: `issue ${serial}`,
      issue_severity: severity,
      status: 'pending_review',
      created_at: new Date(Date.UTC(2026, 0, 1, 0, serial)).toISOString(),
    },
  }) as unknown as CachedLog;

/** Main's side of the contract: answers from the state below, pushes events like main does. */
function fakeMain(shownBy: NotificationsStatus['shownBy'], initialSyncDone: boolean) {
  const state = { urgent: [] as CachedLog[], status: status(initialSyncDone), listReads: 0, answered: new Set<string>(), languages: [] as unknown[] };
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = {
    async invoke(channel: string, request: unknown) {
      state.answered.add(channel);
      if (channel === 'ops:notifications.setLanguage') {
        state.languages.push(request);
        return { ok: true, data: request };
      }
      if (channel === 'ops:notifications.status') return { ok: true, data: shownBy === 'main' ? { shownBy, supported: true } : { shownBy } };
      if (channel === 'ops:sync.status') return { ok: true, data: state.status };
      if (channel === 'ops:triage.page') {
        state.listReads++;
        const items = state.urgent.filter((i) => i.log.issue_severity !== 'low');
        return { ok: true, data: { items, total: items.length } };
      }
      return { ok: false, error: { kind: 'internal', message: `unexpected ${channel}` } };
    },
    on(event: IpcEventName, listener: (payload: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  } as unknown as OpsApi;
  const push = (event: IpcEventName, payload: unknown) => act(() => listeners.get(event)?.forEach((listener) => listener(payload)));
  /** New logs arrive through sync: the cache changes, main says so. */
  const arrive = (...logs: CachedLog[]) => {
    state.urgent = [...logs, ...state.urgent];
    return push('cache.changed', { tables: ['healing_logs'] });
  };
  return { api, state, push, arrive };
}

function Probe() {
  useReviewNotifications();
  return null;
}

function mount(main: ReturnType<typeof fakeMain>, locale: Locale = 'en') {
  const client = createQueryClient();
  connectCacheInvalidation(main.api, client);
  render(
    <I18nProvider locale={locale}>
      <QueryClientProvider client={client}>
        <BridgeProvider api={main.api}>
          <Probe />
        </BridgeProvider>
      </QueryClientProvider>
    </I18nProvider>,
  );
}

describe('review notifications in the page', () => {
  beforeEach(() => {
    RecordingNotification.shown = [];
    vi.stubGlobal('Notification', RecordingNotification);
  });
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('in the browser shell, remember the backlog after the first sync and announce each new urgent item once', async () => {
    const main = fakeMain('renderer', false);
    main.state.urgent = [pending('critical')];
    mount(main);
    // The first sync is still running: nothing is read, nothing announced.
    await main.arrive(pending('critical'));
    expect(main.state.listReads).toBe(0);

    await main.push('sync.status', status(true));
    await waitFor(() => expect(main.state.listReads).toBe(1));
    expect(RecordingNotification.shown).toEqual([]);

    const fresh = pending('high');
    await main.arrive(fresh, pending('low'));
    await waitFor(() => expect(RecordingNotification.shown).toEqual([{ title: 'New high item waiting for review', body: `${fresh.log.plugin_id}: ${fresh.log.detected_issue}` }]));
    await main.push('cache.changed', { tables: ['healing_logs'] });
    await waitFor(() => expect(main.state.listReads).toBe(3));
    expect(RecordingNotification.shown).toHaveLength(1);
  });

  it('in French, word the alert in French', async () => {
    const main = fakeMain('renderer', true);
    mount(main, 'fr');
    await waitFor(() => expect(main.state.listReads).toBe(1));
    await main.arrive(pending('critical'), pending('high'));
    await waitFor(() => expect(RecordingNotification.shown.map((alert) => alert.title)).toEqual([
      '2 nouveaux éléments de gravité élevée ou critique en attente de revue (1 critique)',
    ]));
    // The page announces itself here: main is not asked to speak any language.
    expect(main.state.languages).toEqual([]);
  });

  it('in the desktop app, leave the alerts to the main process, in the page’s language, and read nothing', async () => {
    const main = fakeMain('main', true);
    mount(main, 'fr');
    // Once the page knows who announces and that the first sync is done, new urgent logs arrive.
    await waitFor(() =>
      expect([...main.state.answered].sort()).toEqual(['ops:notifications.setLanguage', 'ops:notifications.status', 'ops:sync.status']),
    );
    expect(main.state.languages).toEqual([{ language: 'fr' }]);
    await act(async () => undefined);
    await main.arrive(pending('critical'));
    await main.arrive(pending('high'));
    // A read would have started at once on the change notice (the page's query is not even enabled).
    expect(main.state.listReads).toBe(0);
    expect(RecordingNotification.shown).toEqual([]);
  });
});
