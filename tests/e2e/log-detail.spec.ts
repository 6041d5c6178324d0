import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import { LogDetailPage } from './pages/log-detail-page.js';
import { DEMO_ADMIN_TOKEN, backendCall, fetchServerLog, fetchServerPauses } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { startSwitchableBackend } from './support/switchable-backend.js';

/** The first listed applied log whose patch changed the plugin's state (so there is a diff to show). */
async function findAppliedLogWithState(detail: LogDetailPage, backendUrl: string, prefer?: (log: HealingLog) => boolean): Promise<HealingLog> {
  const candidates: HealingLog[] = [];
  for (const id of await detail.listedLogIds('applied')) {
    const { log, snapshot } = await backendCall<{ log: HealingLog; snapshot: { snapshot_data: { state: Record<string, unknown> } } | null }>(
      backendUrl,
      'GET',
      `/api/v1/plugins/autoheal/logs/${id}`,
      DEMO_ADMIN_TOKEN,
    );
    const changes = Object.entries(log.proposed_patch.state_changes ?? {});
    const changesState = changes.some(([key, value]) => JSON.stringify(snapshot?.snapshot_data.state[key]) !== JSON.stringify(value));
    if (log.patched_state && snapshot && changesState) {
      if (!prefer || prefer(log)) return log;
      candidates.push(log);
    }
  }
  if (!candidates[0]) throw new Error('no listed applied log with a patched state');
  return candidates[0];
}

test('opening a log shows its state diff side by side and unified, folded, and expands it all', async ({ consolePage, consoleProcess }) => {
  const detail = new LogDetailPage(consolePage.page);
  await consolePage.waitForFirstSync();
  await detail.showOnlyStatus('applied');
  const log = await findAppliedLogWithState(detail, consoleProcess.backendUrl);

  await detail.openLog(log.id);
  await expect(consolePage.page.getByTestId('detail-issue')).toHaveText(log.detected_issue);
  await expect(consolePage.page.getByTestId('detail-patch')).toContainText(log.proposed_patch.action);
  await expect(detail.diff).toHaveAttribute('data-collapsed', 'true');
  // Side by side: two editors, changed lines marked, unchanged runs behind visible markers.
  await expect(detail.diff.locator('.cm-mergeView .cm-editor')).toHaveCount(2);
  await expect(detail.diff.locator('.cm-changedLine').first()).toBeVisible();
  await expect(detail.collapsedMarkers.first()).toBeVisible();
  await expect(detail.collapsedMarkers.first()).toContainText('unchanged');
  await expect(consolePage.page.getByTestId('audit-entry').first()).toBeVisible();
  await detail.diff.scrollIntoViewIfNeeded();
  await consolePage.page.screenshot({ path: test.info().outputPath('diff-side-by-side.png') });

  await detail.toggleCollapse();
  await expect(detail.diff).toHaveAttribute('data-collapsed', 'false');
  await expect(detail.collapsedMarkers).toHaveCount(0);
  await detail.chooseDiffLayout('unified');
  await expect(detail.diff.locator('.cm-mergeView')).toHaveCount(0);
  await expect(detail.diff.locator('.cm-deletedChunk').first()).toBeVisible();
  await expect(detail.collapsedMarkers).toHaveCount(0);
  await detail.toggleCollapse();
  await expect(detail.collapsedMarkers.first()).toBeVisible();
  await detail.diff.scrollIntoViewIfNeeded();
  await consolePage.page.screenshot({ path: test.info().outputPath('diff-unified.png') });
});

test('rolling back asks for confirmation, queues the decision and lands on the server', async ({ consolePage, consoleProcess }) => {
  const detail = new LogDetailPage(consolePage.page);
  await consolePage.waitForFirstSync();
  await detail.showOnlyStatus('applied');
  const log = await findAppliedLogWithState(detail, consoleProcess.backendUrl, (l) => l.auto_applied && l.rule_id !== null);
  await detail.openLog(log.id);

  // Cancelling the confirmation changes nothing.
  await consolePage.page.getByTestId('detail-rollback').click();
  await consolePage.page.getByTestId('cancel-action').click();
  await expect(consolePage.page.getByTestId('confirm-panel')).toHaveCount(0);
  expect((await fetchServerLog(consoleProcess.backendUrl, log.id)).status).toBe('applied');

  await detail.rollBack('customer reports failed checkouts');
  await expect.poll(async () => (await fetchServerLog(consoleProcess.backendUrl, log.id)).status, { timeout: 20_000 }).toBe('rolled_back');
  await expect(detail.detail).toHaveAttribute('data-status', 'rolled_back');
  await expect(detail.detail).toHaveAttribute('data-local-state', 'synced');
  await expect(consolePage.page.getByTestId('command-entry').filter({ hasText: 'rollback' }).first()).toBeVisible();

  if (log.auto_applied && log.rule_id) {
    // Rolling back an auto-applied patch pauses its rule on the plugin; ops can resume from the banner.
    await expect(consolePage.page.getByTestId('pause-banner')).toBeVisible();
    await consolePage.page.getByTestId('pause-banner').scrollIntoViewIfNeeded();
    await consolePage.page.screenshot({ path: test.info().outputPath('rollback-paused.png') });
    await consolePage.page.getByTestId('resume-auto-apply').click();
    await expect(consolePage.page.getByTestId('pause-banner')).toHaveCount(0);
    const pauses = await fetchServerPauses(consoleProcess.backendUrl, log.plugin_id);
    expect(pauses.filter((p) => p.resumed_at === null && p.healing_log_id === log.id)).toHaveLength(0);
  }
  await consolePage.page.screenshot({ path: test.info().outputPath('rollback-done.png') });
});

test('a decision taken offline on a log the server changed meanwhile becomes a conflict, resolved from the inbox', async ({ consolePage }) => {
  test.setTimeout(180_000);
  const page = consolePage.page;
  const detail = new LogDetailPage(page);
  const backend = await startSwitchableBackend();
  try {
    await consolePage.goToSettings();
    await consolePage.addProfile({ name: 'Switchable', url: backend.proxyUrl, token: 'demo-admin-token' });
    await consolePage.profileRow('Switchable').getByTestId('profile-use').click();
    await expect(consolePage.profileRow('Switchable')).toHaveAttribute('data-active', 'true');
    await page.getByTestId('nav-logs').click();
    await consolePage.waitForFirstSync();

    const logId = (await detail.listedLogIds('pending_review'))[0]!;
    const before = await fetchServerLog(backend.directUrl, logId);
    await detail.openLog(logId);

    await backend.goOffline();
    await page.getByTestId('detail-approve').click();
    await expect(detail.detail).toHaveAttribute('data-local-state', 'queued');
    await expect(page.getByTestId('detail-local-state')).toContainText('queued');
    // Meanwhile a reviewer rejects it on the server.
    await backendCall(backend.directUrl, 'POST', `/api/v1/plugins/autoheal/${logId}/reject`, 'demo-reviewer-token', { reason: 'duplicate of another fix' });
    await page.screenshot({ path: test.info().outputPath('conflict-queued-offline.png') });

    await backend.goOnline();
    await page.getByTestId('sync-now').click();
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '1', { timeout: 60_000 });
    await detail.goToConflicts();
    const card = detail.conflictFor(logId);
    await expect(card.getByTestId('conflict-mine')).toContainText('approve');
    await expect(card.getByTestId('theirs-status')).toHaveText('rejected');
    await page.screenshot({ path: test.info().outputPath('conflict-inbox.png') });

    await card.getByTestId('conflict-take-theirs').click();
    await expect(card).toHaveCount(0);
    await expect(page.getByTestId('conflicts-empty')).toBeVisible();
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '0');
    // Back on the logs page the pane still shows the log, now as the server has it.
    await page.getByTestId('nav-logs').click();
    await expect(detail.detail).toHaveAttribute('data-status', 'rejected');
    await expect(detail.detail).toHaveAttribute('data-local-state', 'synced');
    // Mine was dropped: the server holds only the approvals it had before.
    expect((await fetchServerLog(backend.directUrl, logId)).approvals).toEqual(before.approvals);
    await page.screenshot({ path: test.info().outputPath('conflict-resolved.png') });
  } finally {
    await backend.stop();
  }
});

test('rejecting from the pane uses the one reject form: focus in and back, a reason required, Enter sends it', async ({ consolePage, consoleProcess }) => {
  const page = consolePage.page;
  const detail = new LogDetailPage(page);
  await consolePage.waitForFirstSync();
  const logId = (await consolePage.firstDecidableRow().getAttribute('data-log-id'))!;
  await detail.openLog(logId);

  // Escape closes the form and gives the focus back to the button that opened it.
  await detail.rejectButton.click();
  await expect(detail.rejectReason).toBeFocused();
  await expect(detail.rejectForm).toHaveAccessibleName('Reject this proposal?');
  await detail.rejectReason.fill('not this one');
  await detail.rejectReason.press('Escape');
  await expect(detail.rejectForm).toHaveCount(0);
  await expect(detail.rejectButton).toBeFocused();

  // A blank reason is refused with a message on the field; nothing is queued.
  await detail.rejectButton.click();
  await expect(detail.rejectReason).toHaveValue('');
  await detail.rejectReason.fill('   ');
  await detail.rejectReason.press('Enter');
  await expect(page.getByTestId('detail-reject-error')).toContainText('Give a reason');
  await expect(detail.rejectReason).toHaveAttribute('aria-invalid', 'true');
  await expect(consolePage.outboxDepth).toHaveAttribute('data-value', '0');
  await page.screenshot({ path: test.info().outputPath('detail-reject-blank.png') });

  await detail.rejectReason.fill('  rewrites the refund amount  ');
  await detail.rejectReason.press('Enter');
  await expect(detail.rejectForm).toHaveCount(0);
  await expect.poll(async () => (await fetchServerLog(consoleProcess.backendUrl, logId)).status, { timeout: 20_000 }).toBe('rejected');
  expect((await fetchServerLog(consoleProcess.backendUrl, logId)).rejection_reason).toBe('rewrites the refund amount');
  await expect(detail.detail).toHaveAttribute('data-status', 'rejected');
  await page.screenshot({ path: test.info().outputPath('detail-rejected.png') });
});
