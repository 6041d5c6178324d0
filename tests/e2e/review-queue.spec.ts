import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import { ReviewQueuePage } from './pages/review-queue-page.js';
import { fetchServerLog } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';

const RANK = { critical: 4, high: 3, medium: 2, low: 1 } as const;

test('triage with the keyboard: j/k move a visible cursor, Enter opens, ? helps, / searches, a approves', async ({ consolePage, consoleProcess }) => {
  const page = consolePage.page;
  const queue = new ReviewQueuePage(page);
  await consolePage.waitForFirstSync();
  await queue.waitForRows();
  await expect(page.getByTestId('severity-counts')).toHaveAttribute('data-total', /^[1-9]\d*$/);

  // The queue is most urgent first: severity never increases down the list.
  const first = await fetchServerLog(consoleProcess.backendUrl, (await queue.rowAt(0).getAttribute('data-log-id'))!);
  const second = await fetchServerLog(consoleProcess.backendUrl, (await queue.rowAt(1).getAttribute('data-log-id'))!);
  expect(RANK[first.issue_severity]).toBeGreaterThanOrEqual(RANK[second.issue_severity]);

  await queue.press('j');
  await expect(queue.rowAt(0)).toHaveAttribute('data-cursor', 'true');
  await expect(queue.rowAt(0)).toBeFocused();
  await queue.press('j', 'j', 'k');
  await expect(queue.rowAt(1)).toHaveAttribute('data-cursor', 'true');
  await expect(queue.rowAt(1)).toBeFocused();
  await expect(queue.rowAt(0)).not.toHaveAttribute('data-cursor', 'true');

  const logId = await queue.cursorLogId();
  await queue.press('Enter');
  await expect(page.getByTestId('log-detail')).toHaveAttribute('data-log-id', logId);

  await queue.press('?');
  await expect(queue.shortcuts).toBeVisible();
  await expect(queue.shortcuts).toContainText('approve');
  await page.screenshot({ path: test.info().outputPath('keyboard-shortcuts.png') });
  await queue.press('Escape');
  await expect(queue.shortcuts).toHaveCount(0);

  await queue.press('/');
  await expect(queue.search).toBeFocused();
  await queue.search.press('Escape');

  const before = await fetchServerLog(consoleProcess.backendUrl, logId);
  await queue.rowAt(1).focus();
  await queue.press('a');
  await expect
    .poll(async () => (await fetchServerLog(consoleProcess.backendUrl, logId)).approvals.length, { timeout: 20_000 })
    .toBe(before.approvals.length + 1);
  await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0');
  await page.screenshot({ path: test.info().outputPath('keyboard-approved.png') });
});

test('r asks for a reason and rejects the log under the cursor; the filter survives going back', async ({ consolePage, consoleProcess }) => {
  const page = consolePage.page;
  const queue = new ReviewQueuePage(page);
  await consolePage.waitForFirstSync();
  await queue.waitForRows();

  await queue.press('j');
  const logId = await queue.cursorLogId();
  await queue.press('r');
  await expect(queue.rejectDialog).toBeVisible();
  await expect(page.getByTestId('reject-reason')).toBeFocused();
  await page.getByTestId('reject-reason').fill('touches the refund amount');
  await page.screenshot({ path: test.info().outputPath('reject-reason.png') });
  await page.getByTestId('reject-reason').press('Enter');
  await expect(queue.rejectDialog).toHaveCount(0);

  await expect.poll(async () => (await fetchServerLog(consoleProcess.backendUrl, logId)).status, { timeout: 20_000 }).toBe('rejected');
  const rejected = await fetchServerLog(consoleProcess.backendUrl, logId);
  expect(rejected.rejection_reason).toBe('touches the refund amount');
  await expect(consolePage.row(logId)).toHaveCount(0);

  // The rejected log is found again in all logs by its status; the filters live in the address.
  await consolePage.showAllLogs();
  await page.getByText(/^Status:/).click();
  await page.getByTestId('filter-status-rejected').check();
  await page.getByTestId('filter-plugin').fill(rejected.plugin_id);
  await queue.search.fill(rejected.detected_issue.slice(0, 40));
  await expect(page).toHaveURL(/status=rejected/);
  await expect(consolePage.row(logId)).toBeVisible();
  await expect(page.locator('[data-testid="log-row"]:not([data-status="rejected"])')).toHaveCount(0);
  // Back through the search and the plugin filter to the status filter alone, then back before it.
  await page.goBack();
  await page.goBack();
  await expect(queue.search).toHaveValue('');
  await expect(page).toHaveURL(/status=rejected/);
  await page.goBack();
  await expect(page).not.toHaveURL(/status=rejected/);
  await expect(page.locator('[data-testid="log-row"]:not([data-status="rejected"])').first()).toBeVisible();
  await page.goForward();
  await expect(page.getByTestId('filter-status')).toContainText('rejected');
  await expect(page.locator('[data-testid="log-row"]:not([data-status="rejected"])')).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('reject-filtered.png') });
});

test('bulk approve two checked logs after a preview; the decided logs leave the checks and one notice says they were sent', async ({
  consolePage,
  consoleProcess,
}) => {
  const page = consolePage.page;
  const queue = new ReviewQueuePage(page);
  await consolePage.waitForFirstSync();
  await queue.waitForRows();

  await queue.checkRange(0, 1);
  await expect(page.getByTestId('bulk-count')).toHaveAttribute('data-value', '2');
  const ids = [(await queue.rowAt(0).getAttribute('data-log-id'))!, (await queue.rowAt(1).getAttribute('data-log-id'))!];
  const before = new Map<string, HealingLog>();
  for (const id of ids) before.set(id, await fetchServerLog(consoleProcess.backendUrl, id));

  await page.getByTestId('bulk-approve').click();
  await expect(page.getByTestId('bulk-eligible')).toHaveAttribute('data-value', '2');
  await page.screenshot({ path: test.info().outputPath('bulk-preview.png') });
  await page.getByTestId('bulk-confirm').click();
  // Both decided: they leave the checks, and with nothing left checked the bar goes.
  await expect(page.getByTestId('bulk-bar')).toBeHidden();
  const notice = page.locator('[data-topic="bulk"]');
  await expect(notice).toHaveCount(1);
  // Sent, unless the backend took longer than the console waits (then it says so, never "sent").
  await expect(notice).toHaveText(/^Bulk approval of 2 logs: (2 sent|[01] sent, [12] queued \(the backend has not answered yet[^)]*\))\./);

  for (const id of ids) {
    await expect
      .poll(async () => (await fetchServerLog(consoleProcess.backendUrl, id)).approvals.length, { timeout: 20_000 })
      .toBe(before.get(id)!.approvals.length + 1);
  }
  await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0');
  await page.screenshot({ path: test.info().outputPath('bulk-approved.png') });
});
