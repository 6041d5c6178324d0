import type { Page } from '@playwright/test';
import type { ConsolePage } from './pages/console-page.js';
import { DecisionNotices } from './pages/decision-notices-page.js';
import { OfflinePage } from './pages/offline-page.js';
import { ReviewQueuePage } from './pages/review-queue-page.js';
import { axeFindings } from './support/accessibility-checks.js';
import { DEMO_ADMIN_TOKEN, fetchServerLog, proposePendingLogs, rejectOnServer } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { startSwitchableBackend } from './support/switchable-backend.js';

// The cursor belongs to a log, and every decision gives one notice that tells the truth. New logs
// arrive through the backend's API while the console shows them, as the traffic simulator would.

/** Three new logs of a new plugin, proposed through the backend, shown alone in all logs (newest first). */
async function showNewPluginLogs(consolePage: ConsolePage, backendUrl: string) {
  const page = consolePage.page;
  await consolePage.waitForFirstSync();
  const proposed = await proposePendingLogs(backendUrl, 3);
  const queue = new ReviewQueuePage(page);
  await new OfflinePage(page, consolePage).showPluginLogs(proposed.pluginId);
  await expect(queue.rows).toHaveCount(3);
  return { page, queue, notices: new DecisionNotices(page), ...proposed };
}

/** The screen as it is now passes axe (no serious or critical violation) in the light and the dark theme. */
async function expectAccessibleInBothThemes(page: Page, screen: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    expect(await axeFindings(page, `${colorScheme}: ${screen}`)).toEqual([]);
  }
}

test('a approves the highlighted log while new proposals are inserted above it, with one notice saying it was sent', async ({ consolePage, consoleProcess }) => {
  // All logs of the plugin, newest first: every new proposal lands above the others.
  const { page, queue, notices, pluginId, ids } = await showNewPluginLogs(consolePage, consoleProcess.backendUrl);

  // The keys are the table's once the focus leaves the plugin filter.
  await queue.rowAt(0).focus();
  await queue.press('j', 'j');
  const highlighted = await queue.cursorLogId();
  expect(highlighted).toBe(ids[1]);
  await expect(consolePage.row(highlighted)).toHaveAttribute('data-index', '1');

  const arrived = await proposePendingLogs(consoleProcess.backendUrl, 3, { pluginId, label: 'Arrived above' });
  await expect(queue.rows).toHaveCount(6);
  await expect(consolePage.row(highlighted)).toHaveAttribute('data-index', '4');
  // The cursor stayed on its log, not on the place it had.
  expect(await queue.cursorLogId()).toBe(highlighted);
  await expect(consolePage.row(highlighted)).toBeFocused();

  // More arrive while the key is pressed.
  const more = proposePendingLogs(consoleProcess.backendUrl, 2, { pluginId, label: 'Arriving' });
  await queue.press('a');
  const late = await more;
  await expect(queue.rows).toHaveCount(8);

  await expect.poll(async () => (await fetchServerLog(consoleProcess.backendUrl, highlighted)).approvals.length, { timeout: 20_000 }).toBe(1);
  for (const other of [...ids.filter((id) => id !== highlighted), ...arrived.ids, ...late.ids]) {
    expect((await fetchServerLog(consoleProcess.backendUrl, other)).approvals, `log ${other} was not highlighted`).toHaveLength(0);
  }
  await expect(notices.naming(highlighted)).toHaveCount(1);
  await expect(notices.naming(highlighted)).toHaveText(new RegExp(`^Approval of log ${highlighted.slice(0, 8)} \\(${pluginId}\\) sent\\.`));
  await expect(notices.all).toHaveCount(1);
  await page.screenshot({ path: test.info().outputPath('cursor-approved.png') });
});

test('the cursor moves to the next log and says so when its log is decided elsewhere', async ({ consolePage, consoleProcess }) => {
  const page = consolePage.page;
  const queue = new ReviewQueuePage(page);
  const notices = new DecisionNotices(page);
  await consolePage.waitForFirstSync();
  await queue.waitForRows();

  // The review queue shows only logs waiting for review: one rejected elsewhere leaves it.
  await queue.press('j', 'j');
  const highlighted = await queue.cursorLogId();
  const next = (await queue.rowAt(2).getAttribute('data-log-id'))!;
  const [gone, successor] = [await fetchServerLog(consoleProcess.backendUrl, highlighted), await fetchServerLog(consoleProcess.backendUrl, next)];
  await rejectOnServer(consoleProcess.backendUrl, highlighted);

  await expect(consolePage.row(highlighted)).toHaveCount(0);
  await expect(notices.cursorNote).toHaveText(
    `Log ${highlighted.slice(0, 8)} (${gone.plugin_id}) left the view (rejected elsewhere); cursor moved to log ${next.slice(0, 8)} (${successor.plugin_id}).`,
  );
  await expect(notices.cursorNote).toHaveAttribute('role', 'status');
  expect(await queue.cursorLogId()).toBe(next);
  await expect(consolePage.row(next)).toHaveAttribute('data-index', '1');
  // Nothing was decided here, so no decision notice.
  await expect(notices.all).toHaveCount(0);

  // k and j move from where the new cursor log is.
  const above = (await queue.rowAt(0).getAttribute('data-log-id'))!;
  await queue.press('k');
  expect(await queue.cursorLogId()).toBe(above);
});

test('after a bulk approve the checks and counts hold exactly the logs not decided', async ({ consolePage, consoleProcess }) => {
  const { page, queue, notices, ids } = await showNewPluginLogs(consolePage, consoleProcess.backendUrl);
  await queue.checkRange(0, 2);
  await expect(page.getByTestId('bulk-count')).toHaveAttribute('data-value', '3');
  // One is rejected elsewhere: the preview skips it, and it stays checked after the action.
  await rejectOnServer(consoleProcess.backendUrl, ids[0]!);
  await expect(consolePage.row(ids[0]!)).toHaveAttribute('data-status', 'rejected');

  await page.getByTestId('bulk-approve').click();
  await expect(page.getByTestId('bulk-eligible')).toHaveAttribute('data-value', '2');
  await expect(page.getByTestId('bulk-skipped')).toHaveAttribute('data-value', '1');
  await page.getByTestId('bulk-confirm').click();
  await expect(page.getByTestId('bulk-outcome')).toHaveAttribute('data-decided', '2');
  await expect(page.getByTestId('bulk-outcome')).toHaveAttribute('data-failed', '0');
  await expect(page.getByTestId('bulk-count')).toHaveAttribute('data-value', '1');
  await expect(page.getByTestId('bulk-count')).toHaveText('1 checked');
  await expect(consolePage.row(ids[0]!).getByTestId('row-check')).toBeChecked();
  for (const id of ids.slice(1)) await expect(consolePage.row(id).getByTestId('row-check')).not.toBeChecked();
  await expect(notices.withTopic('bulk')).toHaveCount(1);
  // Sent, unless the backend took longer than the console waits (then it says so, never "sent").
  await expect(notices.withTopic('bulk')).toHaveText(/^Bulk approval of 2 logs: (2 sent|[01] sent, [12] queued \(the backend has not answered yet[^)]*\))\./);
  await expect(notices.all).toHaveCount(1);
  await expectAccessibleInBothThemes(page, 'bulk outcome and its notice');
  for (const id of ids.slice(1)) await expect.poll(async () => (await fetchServerLog(consoleProcess.backendUrl, id)).approvals.length).toBe(1);
});

test('offline, a decision gives one notice saying it is queued, never sent, and none more when it lands', async ({ consolePage }) => {
  test.setTimeout(180_000);
  const page = consolePage.page;
  const offline = new OfflinePage(page, consolePage);
  const notices = new DecisionNotices(page);
  const backend = await startSwitchableBackend();
  try {
    await offline.useBackend('Switchable', backend.proxyUrl, DEMO_ADMIN_TOKEN);
    const { pluginId, ids } = await proposePendingLogs(backend.directUrl, 1);
    await offline.showPluginLogs(pluginId);
    const row = consolePage.row(ids[0]!);
    await expect(row).toHaveAttribute('data-local-state', 'synced');

    await backend.goOffline();
    await offline.waitForConnectivity('offline');
    await consolePage.approve(row);
    const queued = notices.naming(ids[0]!);
    await expect(queued).toHaveCount(1);
    await expect(queued).toHaveAttribute('data-topic', 'queued');
    await expect(queued).toHaveText(
      new RegExp(`^Approval of log ${ids[0]!.slice(0, 8)} \\(${pluginId}\\) queued: the backend is unreachable, it will be sent when it is back\\.`),
    );
    await expect(row).toHaveAttribute('data-local-state', 'queued');
    await expectAccessibleInBothThemes(page, 'a queued notice');

    await backend.goOnline();
    await offline.waitForConnectivity('online');
    await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0', { timeout: 60_000 });
    await expect(row).toHaveAttribute('data-status', 'approved');
    await expect(notices.naming(ids[0]!)).toHaveCount(1);
    await expect(notices.withTopic('sent')).toHaveCount(0);
  } finally {
    await backend.stop();
  }
});
