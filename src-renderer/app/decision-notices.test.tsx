// @vitest-environment happy-dom
import { QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { OpsApi } from '../../src-shared/ipc/contract.js';
import type { BulkDecisionItem } from '../../src-shared/ipc/decisions.js';
import type { Delivery } from '../../src-shared/ipc/delivery.js';
import type { TriageRow } from '../../src-shared/ipc/triage.js';
import { BulkActionBar } from '../features/healing-logs/components/BulkActionBar.js';
import { checks, useCheckedIds } from '../features/healing-logs/check-store.js';
import { useApproveLogMutation, useRejectLogMutation } from '../features/healing-logs/mutations.js';
import { useApplyLogMutation, useResumePauseMutation, useRollbackLogMutation } from '../features/log-detail/mutations.js';
import { useResolveConflictMutation } from '../features/conflicts/mutations.js';
import { BridgeProvider } from '../infra/bridge-context.js';
import { bulkNotice, decisionNotice } from '../infra/decision-notice.js';
import { I18nProvider } from '../infra/i18n/I18nProvider.js';
import { createQueryClient } from '../infra/query-client.js';
import { Notices } from './Notices.js';

const id = (n: number) => `${String(n).padStart(8, 'a')}-0000-4000-8000-${String(n).padStart(12, '0')}`;
const short = (n: number) => id(n).slice(0, 8);
const PLUGIN = 'woo-shop-7';
const SENT: Delivery = { status: 'sent' };
const OFFLINE: Delivery = { status: 'queued', reason: 'unreachable', detail: 'connect ECONNREFUSED' };

const pendingRow = (n: number): TriageRow =>
  ({
    log: { id: id(n), plugin_id: `shop-${n}`, status: 'pending_review', detected_issue: `issue ${n}`, approvals: [], issue_severity: 'high' },
    localState: 'synced',
    pending: null,
    plugin: null,
  }) as unknown as TriageRow;

/** Main's side of the decision channels: answers with the given delivery, or refuses with `failure`. */
function fakeMain(delivery: Delivery, options: { failure?: string; bulk?: (logIds: string[]) => BulkDecisionItem[] } = {}) {
  const calls: string[] = [];
  const receipt = (logId: string, action: string) => ({
    outboxId: 1,
    logId,
    action,
    localState: 'queued',
    subject: { kind: 'log', id: logId, pluginId: PLUGIN },
    delivery,
  });
  const api = {
    async invoke(channel: string, request: Record<string, unknown>) {
      calls.push(channel);
      if (options.failure) return { ok: false, error: { kind: 'invalid_request', message: options.failure } };
      const logId = String(request['logId'] ?? '');
      switch (channel) {
        case 'ops:decisions.approve':
        case 'ops:decisions.reject':
        case 'ops:decisions.apply':
        case 'ops:decisions.rollback':
          return { ok: true, data: receipt(logId, channel.split('.')[1]!) };
        case 'ops:pauses.resume':
          return { ok: true, data: { outboxId: 2, pauseId: request['id'], localState: 'queued', subject: { kind: 'pause', id: request['id'], pluginId: PLUGIN }, delivery } };
        case 'ops:conflicts.resolve':
          return { ok: true, data: { resolution: request['resolution'], outboxId: 3, subject: { kind: 'log', id: id(9), pluginId: PLUGIN }, delivery } };
        case 'ops:triage.byIds':
          return { ok: true, data: { items: (request['ids'] as string[]).map((logId) => pendingRow(Number(logId.slice(-12)))) } };
        case 'ops:sync.status':
          return { ok: true, data: { identity: null } };
        case 'ops:decisions.bulk':
          return { ok: true, data: { items: options.bulk!(request['logIds'] as string[]) } };
        default:
          return { ok: false, error: { kind: 'invalid_request', message: `unexpected ${channel}` } };
      }
    },
    on: () => () => undefined,
  } as unknown as OpsApi;
  return { api, calls };
}

function renderWith(api: OpsApi, children: ReactNode) {
  return render(
    <I18nProvider locale="en">
      <BridgeProvider api={api}>
        <QueryClientProvider client={createQueryClient()}>
          <Notices />
          {children}
        </QueryClientProvider>
      </BridgeProvider>
    </I18nProvider>,
  );
}

/** One button per decision path of the console. */
function DecisionButtons() {
  const paths = {
    approve: useApproveLogMutation(),
    reject: useRejectLogMutation(),
    apply: useApplyLogMutation(),
    rollback: useRollbackLogMutation(),
    resume: useResumePauseMutation(),
    resolve: useResolveConflictMutation(),
  };
  return (
    <>
      <button onClick={() => paths.approve.mutate({ logId: id(1) })}>approve</button>
      <button onClick={() => paths.reject.mutate({ logId: id(1), reason: 'unsafe' })}>reject</button>
      <button onClick={() => paths.apply.mutate({ logId: id(1) })}>apply</button>
      <button onClick={() => paths.rollback.mutate({ logId: id(1) })}>rollback</button>
      <button onClick={() => paths.resume.mutate({ id: id(5) })}>resume</button>
      <button onClick={() => paths.resolve.mutate({ id: 4, resolution: 'keep_mine' })}>resolve</button>
    </>
  );
}

const notices = () => screen.queryAllByTestId(/^notice-/);
const noticeText = (notice: HTMLElement) => notice.querySelector('span')!.textContent;
const dismissAll = () => {
  for (const button of screen.queryAllByLabelText('Dismiss')) fireEvent.click(button);
};

afterEach(() => {
  dismissAll();
  cleanup();
  act(() => checks.checksCleared());
});

describe('every decision gives exactly one notice that names the log and tells the truth', () => {
  it('words each answer of main: sent, queued with why, conflict, refused', () => {
    const subject = { kind: 'log' as const, id: id(1), pluginId: PLUGIN };
    expect(decisionNotice('approve', subject, SENT)).toEqual({ tone: 'info', text: `Approval of log ${short(1)} (${PLUGIN}) sent.` });
    expect(decisionNotice('reject', subject, OFFLINE).text).toBe(
      `Rejection of log ${short(1)} (${PLUGIN}) queued: the backend is unreachable, it will be sent when it is back.`,
    );
    expect(decisionNotice('apply', subject, { status: 'queued', reason: 'no_answer_yet', detail: null }).text).not.toMatch(/\bsent\.$/);
    expect(decisionNotice('rollback', subject, { status: 'conflict', message: 'stale_version: changed' })).toEqual({
      tone: 'error',
      text: `Rollback of log ${short(1)} (${PLUGIN}) not applied: conflict, it changed on the server (stale_version: changed); resolve it under Conflicts.`,
    });
    expect(decisionNotice('approve', subject, { status: 'refused', message: '403 forbidden: no' }).tone).toBe('error');
    expect(decisionNotice('resume', { kind: 'pause', id: id(5), pluginId: PLUGIN }, SENT).text).toBe(`Resume of auto-apply on ${PLUGIN} (pause ${short(5)}) sent.`);
  });

  for (const [name, delivery, expected] of [
    ['online', SENT, /sent\.$/],
    ['offline', OFFLINE, /queued: the backend is unreachable, it will be sent when it is back\.$/],
  ] as const) {
    it(`raises one notice per decision on every path, ${name}`, async () => {
      const { api } = fakeMain(delivery);
      renderWith(api, <DecisionButtons />);
      const paths = ['approve', 'reject', 'apply', 'rollback', 'resume', 'resolve'];
      for (const path of paths) {
        fireEvent.click(screen.getByText(path));
        await waitFor(() => expect(notices()).toHaveLength(1));
        const notice = notices()[0]!;
        expect(noticeText(notice)).toMatch(expected);
        expect(noticeText(notice)).toContain(path === 'resume' ? `pause ${short(5)}` : path === 'resolve' ? `log ${short(9)} (${PLUGIN})` : `log ${short(1)} (${PLUGIN})`);
        expect(notice.getAttribute('data-topic')).toBe(delivery.status);
        // Still one a moment later: no second notice from another layer.
        await act(() => new Promise((resolve) => setTimeout(resolve, 20)));
        expect(notices()).toHaveLength(1);
        dismissAll();
      }
    });
  }

  it('raises one error notice naming the log when main refuses the decision before queueing it', async () => {
    const { api } = fakeMain(SENT, { failure: `healing log ${id(1)} is not in the local cache` });
    renderWith(api, <DecisionButtons />);
    fireEvent.click(screen.getByText('approve'));
    await waitFor(() => expect(notices()).toHaveLength(1));
    expect(noticeText(notices()[0]!)).toBe(`Could not approve log ${short(1)}: healing log ${id(1)} is not in the local cache`);
  });

  it('sums a bulk decision up in one notice naming each failure', () => {
    const items: BulkDecisionItem[] = [
      { queued: true, logId: id(1), receipt: { outboxId: 1, logId: id(1), action: 'approve', localState: 'queued', subject: { kind: 'log', id: id(1), pluginId: 'a' }, delivery: SENT } },
      { queued: true, logId: id(2), receipt: { outboxId: 2, logId: id(2), action: 'approve', localState: 'queued', subject: { kind: 'log', id: id(2), pluginId: 'b' }, delivery: OFFLINE } },
      { queued: false, logId: id(3), error: 'not in the local cache' },
    ];
    expect(bulkNotice('approve', items, new Map([[id(3), 'c']]))).toEqual({
      tone: 'error',
      text: `Bulk approval of 3 logs: 1 sent, 1 queued (the backend is unreachable, it will be sent when it is back), 1 failed: log ${short(3)} (c): not in the local cache.`,
    });
  });
});

describe('after a bulk decision the selection shows what is really still checked', () => {
  function CheckedCount() {
    return <output data-testid="checked-ids">{[...useCheckedIds()].sort().join(',')}</output>;
  }

  it('drops the decided logs from the checks, keeps and names the failed ones, and gives one notice', async () => {
    const bulk = (logIds: string[]): BulkDecisionItem[] =>
      logIds.map((logId, index) =>
        index === 1
          ? {
              queued: true,
              logId,
              receipt: { outboxId: index, logId, action: 'approve', localState: 'conflict', subject: { kind: 'log', id: logId, pluginId: 'shop-2' }, delivery: { status: 'conflict', message: 'stale_version: approved elsewhere' } },
            }
          : { queued: true, logId, receipt: { outboxId: index, logId, action: 'approve', localState: 'queued', subject: { kind: 'log', id: logId, pluginId: `shop-${index + 1}` }, delivery: SENT } },
      );
    const { api, calls } = fakeMain(SENT, { bulk });
    act(() => checks.allToggled([id(1), id(2), id(3)]));
    renderWith(
      api,
      <>
        <CheckedCount />
        <BulkActionBar />
      </>,
    );
    expect(screen.getByTestId('bulk-count').getAttribute('data-value')).toBe('3');
    fireEvent.click(screen.getByTestId('bulk-approve'));
    await waitFor(() => expect(screen.getByTestId('bulk-eligible').getAttribute('data-value')).toBe('3'));
    fireEvent.click(screen.getByTestId('bulk-confirm'));

    await waitFor(() => expect(screen.getByTestId('checked-ids').textContent).toBe(id(2)));
    expect(screen.getByTestId('bulk-count').getAttribute('data-value')).toBe('1');
    expect(screen.getByTestId('bulk-count').textContent).toBe('1 checked');
    const outcome = screen.getByTestId('bulk-outcome');
    expect(outcome.getAttribute('data-decided')).toBe('2');
    expect(outcome.getAttribute('data-failed')).toBe('1');
    const failed = screen.getAllByTestId('bulk-failed-item');
    expect(failed.map((item) => item.getAttribute('data-log-id'))).toEqual([id(2)]);
    expect(failed[0]!.textContent).toContain(`log ${short(2)} (shop-2): stale_version: approved elsewhere`);
    expect(notices()).toHaveLength(1);
    expect(noticeText(notices()[0]!)).toBe(
      `Bulk approval of 3 logs: 2 sent, 1 failed: log ${short(2)} (shop-2): not applied: conflict, it changed on the server (stale_version: approved elsewhere); resolve it under Conflicts.`,
    );
    expect(calls.filter((channel) => channel === 'ops:decisions.bulk')).toHaveLength(1);
  });
});
