import { OverviewPage } from './pages/overview-page.js';
import { ReviewQueuePage } from './pages/review-queue-page.js';
import { ScreensTour } from './pages/screens-tour.js';
import { axeFindings, formatFindings, glyphFindings, type Finding } from './support/accessibility-checks.js';
import { backendCall } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { startSwitchableBackend } from './support/switchable-backend.js';

/*
 * Every screen and dialog, in each theme, with the detail pane open and closed: no serious or critical
 * axe violation (WCAG 2.1 A and AA) and no symbol drawn as a text glyph a system may lack. One console
 * per theme; the findings of every screen are gathered, printed, then asserted, so one run lists them all.
 */
for (const theme of ['light', 'dark'] as const) {
  test(`every screen in the ${theme} theme passes axe with no serious or critical violation and shows no missing glyph`, async ({ consolePage, consoleProcess, page }) => {
    test.setTimeout(300_000);
    const findings: Finding[] = [];
    const screens: string[] = [];
    const check = async (screen: string) => {
      screens.push(screen);
      findings.push(...(await axeFindings(page, `${theme}: ${screen}`)), ...(await glyphFindings(page, `${theme}: ${screen}`)));
    };
    const queue = new ReviewQueuePage(page);
    const overview = new OverviewPage(page);
    const tour = new ScreensTour(page);

    await overview.chooseTheme(theme === 'light' ? 'Light' : 'Dark');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    await consolePage.waitForFirstSync();
    await queue.waitForRows();
    await check('review queue, detail pane closed');

    await queue.rowAt(0).getByTestId('reject-log').click();
    await expect(queue.rejectDialog).toBeVisible();
    await check('reject reason dialog');
    await page.getByTestId('cancel-reject').click();
    await expect(queue.rejectDialog).toHaveCount(0);

    await queue.rowAt(0).getByTestId('row-check').focus();
    await queue.press('?');
    await expect(queue.shortcuts).toBeVisible();
    await check('keyboard shortcuts');
    await queue.press('Escape');
    await expect(queue.shortcuts).toHaveCount(0);

    await queue.checkRange(0, 1);
    await page.getByTestId('bulk-approve').click();
    await expect(queue.bulkPreview).toBeVisible();
    await expect(page.getByTestId('bulk-eligible')).toBeVisible();
    await check('bulk approve preview');
    await page.getByTestId('bulk-cancel').click();
    await page.getByTestId('bulk-reject').click();
    await expect(page.getByTestId('bulk-reason')).toBeVisible();
    await check('bulk reject preview, with its reason');
    await page.getByTestId('bulk-cancel').click();
    await page.getByTestId('bulk-clear').click();

    await queue.rowAt(0).click();
    await expect(tour.detail.detail).toBeVisible();
    await check('review queue, detail pane open');

    await tour.openPendingLog(consoleProcess.backendUrl, 'config_update', 'state');
    await check('all logs, detail pane open, state diff side by side and folded');
    await tour.detail.chooseDiffLayout('unified');
    await tour.detail.toggleCollapse();
    await expect(tour.detail.diff).toHaveAttribute('data-collapsed', 'false');
    await check('all logs, detail pane open, state diff unified and expanded');
    await tour.detail.diff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`state-diff-${theme}.png`) });
    await tour.openWideDiff();
    await check('full-width diff dialog');
    await tour.closeWideDiff();
    await tour.detail.rejectButton.click();
    await expect(tour.detail.rejectForm).toBeVisible();
    await check('reject form in the detail pane');
    await page.getByTestId('detail-cancel-reject').click();

    await tour.openPendingLog(consoleProcess.backendUrl, 'code_patch', 'code');
    await check('all logs, detail pane open, code diff');
    await tour.preview.codeDiff.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`code-diff-${theme}.png`) });

    await tour.clearPluginFilter();
    await tour.openFirstAppliedLog();
    await page.getByTestId('detail-rollback').click();
    await expect(page.getByTestId('confirm-panel')).toBeVisible();
    await expect(page.getByTestId('rollback-preview')).not.toHaveAttribute('data-source', 'pending');
    await check('all logs, detail pane open, rollback confirmation');
    await page.getByTestId('cancel-action').click();
    await tour.closeDetailPane();
    await check('all logs, detail pane closed');

    await tour.visitPatchScreens(check);

    await tour.goTo('conflicts', page.getByTestId('conflicts-page'));
    await check('conflicts');
    await overview.open();
    await expect(overview.distributionChart.locator('svg.recharts-surface').first()).toBeVisible();
    await check('overview');
    await tour.goTo('settings', page.getByTestId('secret-storage'));
    await check('settings');
    await page.getByTestId('profile-add').click();
    await expect(page.getByTestId('profile-form')).toBeVisible();
    await check('settings, new profile form');

    await page.screenshot({ path: test.info().outputPath(`settings-${theme}.png`), fullPage: true });
    if (findings.length > 0) console.log(formatFindings(findings));
    expect(screens).toHaveLength(24);
    expect(findings.length, `accessibility findings on ${screens.length} screens:\n${formatFindings(findings)}`).toBe(0);
  });
}

test('a queued decision, a conflict in the inbox and in the detail pane pass axe and show no missing glyph in both themes', async ({ consolePage, page }) => {
  test.setTimeout(240_000);
  const findings: Finding[] = [];
  const overview = new OverviewPage(page);
  const tour = new ScreensTour(page);
  const inBothThemes = async (screen: string) => {
    for (const [theme, label] of [['light', 'Light'], ['dark', 'Dark']] as const) {
      await overview.chooseTheme(label);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      findings.push(...(await axeFindings(page, `${theme}: ${screen}`)), ...(await glyphFindings(page, `${theme}: ${screen}`)));
    }
  };
  const backend = await startSwitchableBackend();
  try {
    await consolePage.goToSettings();
    await consolePage.addProfile({ name: 'Switchable', url: backend.proxyUrl, token: 'demo-admin-token' });
    await consolePage.profileRow('Switchable').getByTestId('profile-use').click();
    await expect(consolePage.profileRow('Switchable')).toHaveAttribute('data-active', 'true');
    await inBothThemes('settings with two profiles');
    await page.getByTestId('nav-logs').click();
    await consolePage.waitForFirstSync();

    const logId = (await tour.detail.listedLogIds('pending_review'))[0]!;
    await tour.detail.openLog(logId);
    await backend.goOffline();
    await expect(consolePage.connectivity).toHaveAttribute('data-value', 'offline', { timeout: 60_000 });
    await page.getByTestId('detail-approve').click();
    await expect(tour.detail.detail).toHaveAttribute('data-local-state', 'queued');
    await inBothThemes('offline, a decision queued');

    await backendCall(backend.directUrl, 'POST', `/api/v1/plugins/autoheal/${logId}/reject`, 'demo-reviewer-token', { reason: 'duplicate of another fix' });
    await backend.goOnline();
    await page.getByTestId('sync-now').click();
    await expect(consolePage.conflicts).toHaveAttribute('data-value', '1', { timeout: 60_000 });
    await expect(tour.detail.detail).toHaveAttribute('data-local-state', 'conflict');
    await inBothThemes('detail pane of a log in conflict');
    await tour.detail.goToConflicts();
    await expect(tour.detail.conflictFor(logId)).toBeVisible();
    await inBothThemes('conflicts inbox with a conflict');
    await page.screenshot({ path: test.info().outputPath('conflict-dark.png'), fullPage: true });
  } finally {
    await backend.stop();
  }
  if (findings.length > 0) console.log(formatFindings(findings));
  expect(findings.length, `accessibility findings:\n${formatFindings(findings)}`).toBe(0);
});

test('the glyph check finds symbols drawn as text, in shadow roots and pseudo-elements too, and passes ordinary text', async ({ page }) => {
  await page.setContent(`
    <style>body { font-family: system-ui, sans-serif; } .mark::before { content: '⚠ '; }</style>
    <p>Lettre à l’équipe… — ≥ 85 % × 2 · 3–4 − 1 « ok » ÷</p>
    <p><span class="mark">conflict</span> <span>⦚ 12 unchanged lines ⦚</span> <span>⏳ queued</span> <span>ༀ</span></p>
    <div id="host"></div>
    <p hidden>✓ hidden text is not shown</p>`);
  await page.evaluate(() => {
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<span>⏸ paused</span>';
  });
  const findings = await glyphFindings(page, 'sample');
  const byCode = new Map(findings.map((finding) => [finding.id.split(' ')[0], finding.summary]));
  expect([...byCode.keys()].sort()).toEqual(['U+0F00', 'U+23F3', 'U+23F8', 'U+26A0', 'U+299A']);
  // ⚠ renders but is a symbol to draw as an icon; a letter no installed font has (Tibetan here) shows as an empty box.
  expect(byCode.get('U+26A0')).toContain('icon');
  expect(byCode.get('U+0F00')).toContain('empty box');
});

test('the axe check reports low-contrast text, inside an editor’s shadow root too', async ({ page }) => {
  await page.setContent(`<html lang="en"><head><title>sample</title></head><body><main><div id="host"></div></main></body></html>`);
  await page.evaluate(() => {
    document.getElementById('host')!.attachShadow({ mode: 'open' }).innerHTML = '<p style="color:#777;background:#666">low contrast inside a shadow root</p>';
  });
  const findings = await axeFindings(page, 'sample');
  expect(findings.map((finding) => finding.id)).toContain('color-contrast (serious)');
});
