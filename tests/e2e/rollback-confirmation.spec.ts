import { AxeBuilder } from '@axe-core/playwright';
import { LogDetailPage } from './pages/log-detail-page.js';
import { fetchServerLog, fetchServerPauses } from './support/backend-api.js';
import { applyPatchByHand, registerDemoPlugin } from './support/applied-patches.js';
import { expect, test } from './support/fixtures.js';

test('the rollback confirmation names the newer patch a cascade takes along and says a log without a rule pauses nothing', async ({
  consolePage,
  consoleProcess,
}) => {
  test.setTimeout(120_000);
  const page = consolePage.page;
  const detail = new LogDetailPage(page);
  await consolePage.waitForFirstSync();
  const backend = consoleProcess.backendUrl;
  await registerDemoPlugin(backend, 'e2e-cascade-1');
  const older = await applyPatchByHand(backend, 'e2e-cascade-1', 'cURL error 28: Operation timed out', { timeout: 30 });
  const newer = await applyPatchByHand(backend, 'e2e-cascade-1', 'Allowed memory size exhausted', { memory_limit: '512M' });

  await consolePage.showAllLogs();
  await page.getByTestId('filter-plugin').fill('e2e-cascade-1');
  await expect(page.locator(`[data-testid="log-row"][data-log-id="${newer}"][data-status="applied"]`)).toBeVisible({ timeout: 20_000 });
  await detail.openLog(older);

  await page.getByTestId('detail-rollback').click();
  const preview = page.getByTestId('rollback-preview');
  await expect(preview).toHaveAttribute('data-source', 'backend');
  await expect(page.getByTestId('rollback-cascade')).toHaveAttribute('data-count', '1');
  await expect(page.getByTestId('rollback-cascade-item')).toHaveAttribute('data-log-id', newer);
  await expect(page.getByTestId('rollback-cascade-item')).toContainText('Allowed memory size exhausted');
  await expect(page.getByTestId('rollback-pause')).toHaveAttribute('data-value', 'none');
  await expect(page.getByTestId('rollback-pause')).toContainText('this log has no rule');
  await expect(page.getByTestId('confirm-action')).toHaveText('Roll back 2 patches');
  await expect(page.getByTestId('confirm-action')).toBeFocused();
  await page.getByTestId('confirm-panel').screenshot({ path: test.info().outputPath('rollback-cascade-confirmation.png') });

  await page.getByTestId('rollback-reason').fill('timeouts are back');
  await page.getByTestId('confirm-action').click();
  await expect.poll(async () => (await fetchServerLog(backend, older)).status, { timeout: 20_000 }).toBe('rolled_back');
  const cascaded = await fetchServerLog(backend, newer);
  expect(cascaded).toMatchObject({ status: 'rolled_back', rollback_cascade_of: older });
  expect(await fetchServerPauses(backend, 'e2e-cascade-1')).toEqual([]);
  await expect(detail.detail).toHaveAttribute('data-status', 'rolled_back');

  // The audit trail reads as sentences, the code on keyboard focus.
  const rollback = page.locator('[data-testid="audit-entry"][data-action="healing_log.rollback"]');
  await expect(rollback.getByTestId('audit-sentence')).toHaveText(/^Rolled back by .+: reason “timeouts are back” — 1 newer patch was rolled back first$/);
  await expect(rollback.getByTestId('audit-sentence')).toHaveAttribute('title', 'healing_log.rollback');
  await rollback.getByTestId('audit-sentence').focus();
  await expect(rollback.getByTestId('audit-code')).toBeVisible();
  expect((await rollback.getByTestId('audit-code').boundingBox())!.width).toBeGreaterThan(20);
});

test('a rollback with nothing newer on the plugin rolls back one patch and says so', async ({ consolePage, consoleProcess }) => {
  test.setTimeout(120_000);
  const page = consolePage.page;
  const detail = new LogDetailPage(page);
  await consolePage.waitForFirstSync();
  await registerDemoPlugin(consoleProcess.backendUrl, 'e2e-single-1');
  const only = await applyPatchByHand(consoleProcess.backendUrl, 'e2e-single-1', 'Undefined index: debug_level', { debug_level: 2 });
  await consolePage.showAllLogs();
  await page.getByTestId('filter-plugin').fill('e2e-single-1');
  await expect(page.locator(`[data-testid="log-row"][data-log-id="${only}"]`)).toBeVisible({ timeout: 20_000 });
  await detail.openLog(only);
  await page.getByTestId('detail-rollback').click();
  await expect(page.getByTestId('rollback-preview')).toHaveAttribute('data-source', 'backend');
  await expect(page.getByTestId('rollback-cascade')).toHaveAttribute('data-count', '0');
  await expect(page.getByTestId('rollback-pause')).toContainText('Auto-apply is not paused: this log has no rule.');
  await expect(page.getByTestId('confirm-action')).toHaveText('Roll back');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('confirm-panel')).toHaveCount(0);
  expect((await fetchServerLog(consoleProcess.backendUrl, only)).status).toBe('applied');
});

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the rollback confirmation, the audit sentences, the splitter and the full-width diff pass axe in the ${colorScheme} theme`, async ({
    consolePage,
    consoleProcess,
  }) => {
    test.setTimeout(120_000);
    const page = consolePage.page;
    await page.emulateMedia({ colorScheme });
    await expect(page.locator('html')).toHaveAttribute('data-theme', colorScheme);
    const detail = new LogDetailPage(page);
    await consolePage.waitForFirstSync();
    const plugin = `e2e-axe-${colorScheme}`;
    await registerDemoPlugin(consoleProcess.backendUrl, plugin);
    const older = await applyPatchByHand(consoleProcess.backendUrl, plugin, 'cURL error 28: Operation timed out', { timeout: 30 });
    const newer = await applyPatchByHand(consoleProcess.backendUrl, plugin, 'Allowed memory size exhausted', { memory_limit: '512M' });
    await consolePage.showAllLogs();
    await page.getByTestId('filter-plugin').fill(plugin);
    await expect(page.locator(`[data-testid="log-row"][data-log-id="${newer}"]`)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('filter-summary')).toHaveAttribute('data-active', '1');
    await detail.openLog(older);
    await page.getByTestId('detail-rollback').click();
    await expect(page.getByTestId('rollback-cascade-item')).toBeVisible();
    await expect(page.getByTestId('audit-sentence').first()).toBeVisible();
    await page.getByTestId('audit-sentence').first().focus();

    const serious = async () =>
      (await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()).violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.nodes.map((node) => JSON.stringify(node.target)).join(', ')}`);
    expect(await serious()).toEqual([]);

    await page.getByTestId('cancel-action').click();
    const open = page.getByTestId('diff-dialog-open');
    await open.click();
    await expect(page.getByTestId('diff-dialog')).toBeVisible();
    expect(await serious()).toEqual([]);
    await page.keyboard.press('Escape');
    await expect(open).toBeFocused();
  });
}
