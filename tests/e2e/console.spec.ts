import { expect, test } from './support/fixtures.js';
import { fetchServerLog } from './support/backend-api.js';

test('the console loads, syncs with the embedded backend and lists the cached healing logs', async ({ consolePage }) => {
  await consolePage.waitForFirstSync();
  await expect(consolePage.lastSync).not.toHaveText('never');
  await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0');
  await expect(consolePage.conflicts).toHaveAttribute('data-value', '0');
  // The review queue shows only logs waiting for review; "all" shows the others too.
  await expect(consolePage.logsNotWaitingForReview).toHaveCount(0);
  await consolePage.showAllLogs();
  await expect(consolePage.logsNotWaitingForReview.first()).toBeVisible();
});

test('approving a log sends the decision through the outbox and changes the log on the server', async ({ consolePage, consoleProcess }) => {
  await consolePage.waitForFirstSync();
  const row = consolePage.firstDecidableRow();
  const logId = (await row.getAttribute('data-log-id'))!;
  const before = await fetchServerLog(consoleProcess.backendUrl, logId);
  expect(before.status).toBe('pending_review');

  await consolePage.approve(row);

  await expect
    .poll(async () => (await fetchServerLog(consoleProcess.backendUrl, logId)).approvals.length, { timeout: 20_000 })
    .toBe(before.approvals.length + 1);
  const after = await fetchServerLog(consoleProcess.backendUrl, logId);
  expect(after.version).toBeGreaterThan(before.version);
  await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0');
  await expect(consolePage.conflicts).toHaveAttribute('data-value', '0');
});

test('rejecting a log asks for a reason and records it on the server', async ({ consolePage, consoleProcess }) => {
  await consolePage.waitForFirstSync();
  const row = consolePage.firstDecidableRow();
  const logId = (await row.getAttribute('data-log-id'))!;

  await consolePage.reject(row, 'patch touches the payment amount');

  await expect
    .poll(async () => (await fetchServerLog(consoleProcess.backendUrl, logId)).status, { timeout: 20_000 })
    .toBe('rejected');
  expect((await fetchServerLog(consoleProcess.backendUrl, logId)).rejection_reason).toBe('patch touches the payment amount');
  // Synced back, the log has left the review queue.
  await expect(consolePage.row(logId)).toHaveCount(0);
  await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0');
});

test('the settings page lists the backends, keeps a new token write-only and says how tokens are stored', async ({ consolePage }) => {
  await consolePage.goToSettings();
  await expect(consolePage.profileRows).toHaveCount(1);
  await expect(consolePage.profileRows.first()).toHaveAttribute('data-active', 'true');
  await expect(consolePage.secretStorage).toHaveAttribute('data-kind', 'user-only-file');

  await consolePage.addProfile({ name: 'Staging', url: 'http://127.0.0.1:9', token: 'staging-token-never-shown' });

  await expect(consolePage.profileRows).toHaveCount(2);
  await expect(consolePage.profileRow('Staging')).toHaveAttribute('data-active', 'false');
  await expect(consolePage.profileRow('Staging')).toContainText('stored');
  expect(await consolePage.page.content()).not.toContain('staging-token-never-shown');
});

test('a tab opened without the launch secret is told to use the printed address', async ({ page, consoleProcess }) => {
  await page.goto(consoleProcess.baseUrl);
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'missing-secret');
});
