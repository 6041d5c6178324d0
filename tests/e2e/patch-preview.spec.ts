import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Locator } from '@playwright/test';
import type { ConsolePage } from './pages/console-page.js';
import { LogDetailPage } from './pages/log-detail-page.js';
import { OfflinePage } from './pages/offline-page.js';
import { PatchPreviewPage } from './pages/patch-preview-page.js';
import { DEMO_ADMIN_TOKEN, backendCall, fetchServerLog } from './support/backend-api.js';
import { expect, test } from './support/fixtures.js';
import { axeFindings, glyphFindings } from './support/accessibility-checks.js';
import { startSwitchableBackend, type SwitchableBackend } from './support/switchable-backend.js';

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/**
 * Checks the pane as it shows the preview (no serious or critical axe violation, no glyph drawn as an
 * empty box), then writes a screenshot of the preview section where the issue's evidence is
 * collected, and attaches it.
 */
async function checkAndScreenshot(section: Locator, name: string): Promise<void> {
  const page = section.page();
  expect([...(await axeFindings(page, name)), ...(await glyphFindings(page, name))]).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}.png`;
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path });
  await test.info().attach(name, { path, contentType: 'image/png' });
}

const PHP_EXCERPT = {
  file: 'includes/class-molam-gateway.php',
  start_line: 118,
  failing_line: 121,
  lines: [
    'public function process_payment($order_id) {',
    '    $order = wc_get_order($order_id);',
    '    $row = $this->fetch_payment_row($order_id);',
    "    $reference = $row['molam_ref'];",
    '    return $this->confirm($order, $reference);',
    '}',
  ],
};

/**
 * A plugin that reported its state, with two proposals below the auto-apply threshold: a config
 * patch moving its currency from EUR to XOF and a PHP code patch with the excerpt the error carried.
 */
async function proposePatches(backendUrl: string): Promise<{ pluginId: string; configId: string; codeId: string }> {
  const pluginId = `preview-e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  await backendCall(backendUrl, 'POST', '/api/v1/plugins/register', DEMO_ADMIN_TOKEN, {
    id: pluginId,
    merchant_id: 'preview-e2e-merchant',
    cms: 'woocommerce',
    cms_version: '8.2.1',
    plugin_version: '1.4.0',
    state: { currency: 'EUR', checkout_mode: 'redirect', webhook_retries: 3 },
  });
  const propose = (body: Record<string, unknown>) =>
    backendCall<{ log: { id: string } }>(backendUrl, 'POST', '/api/v1/plugins/autoheal', DEMO_ADMIN_TOKEN, {
      plugin_id: pluginId,
      issue_severity: 'high',
      sira_confidence: 42,
      ...body,
    });
  const config = await propose({
    detected_issue: 'Currency EUR is not accepted for this merchant (XOF expected)',
    patch_type: 'config_update',
    proposed_patch: { type: 'config_update', action: 'update_config', state_changes: { currency: 'XOF' } },
  });
  const code = await propose({
    detected_issue: 'Undefined index: molam_ref in includes/class-molam-gateway.php on line 121',
    patch_type: 'code_patch',
    proposed_patch: {
      type: 'code_patch',
      action: 'replace_in_file',
      file: PHP_EXCERPT.file,
      search: "$row['molam_ref']",
      replace: "$row['molam_ref'] ?? ''",
    },
    context: { excerpt: PHP_EXCERPT },
  });
  return { pluginId, configId: config.log.id, codeId: code.log.id };
}

/** Shows the plugin's logs and opens one once the sync has brought it. */
async function openLog(consolePage: ConsolePage, pluginId: string, logId: string): Promise<void> {
  await new OfflinePage(consolePage.page, consolePage).showPluginLogs(pluginId);
  await expect(consolePage.row(logId)).toBeVisible({ timeout: 30_000 });
  await new LogDetailPage(consolePage.page).openLog(logId);
}

test('a pending config patch shows the plugin’s reported state against the state after the patch, in both themes', async ({ consolePage, consoleProcess }) => {
  const preview = new PatchPreviewPage(consolePage.page);
  await consolePage.waitForFirstSync();
  const { pluginId, configId } = await proposePatches(consoleProcess.backendUrl);

  for (const theme of ['light', 'dark'] as const) {
    await preview.reloadInTheme(theme);
    await openLog(consolePage, pluginId, configId);
    await preview.waitForPreview('state');
    await expect(consolePage.page.getByTestId('detail-status')).toHaveAttribute('data-value', 'pending_review');
    await expect(preview.stateSources).toContainText('Before: State the plugin last reported');
    await expect(preview.stateSources).toContainText('computed by the backend');
    await expect(preview.stateSources).toContainText('changed: currency');
    await expect(preview.sideText(preview.stateDiff, 'a')).toContainText('"currency": "EUR"');
    await expect(preview.sideText(preview.stateDiff, 'b')).toContainText('"currency": "XOF"');
    await expect(preview.stateDiff.locator('.cm-changedLine').first()).toBeVisible();
    await checkAndScreenshot(preview.section, `preview-config-${theme}`);
  }

  // The preview comes before the decision: approving still works from the same pane.
  await consolePage.page.getByTestId('detail-approve').click();
  await expect.poll(async () => (await fetchServerLog(consoleProcess.backendUrl, configId)).approvals.length, { timeout: 20_000 }).toBe(1);
});

test('a pending PHP code patch shows a highlighted code diff with the file’s line numbers and the failing line, in both themes', async ({ consolePage, consoleProcess }) => {
  const preview = new PatchPreviewPage(consolePage.page);
  await consolePage.waitForFirstSync();
  const { pluginId, codeId } = await proposePatches(consoleProcess.backendUrl);

  for (const theme of ['light', 'dark'] as const) {
    await preview.reloadInTheme(theme);
    await openLog(consolePage, pluginId, codeId);
    await preview.waitForPreview('code');
    await expect(preview.codeDiff).toHaveAttribute('data-language', 'php');
    await expect(preview.codeCaption).toContainText(PHP_EXCERPT.file);
    await expect(preview.codeCaption).toContainText('lines 118–123');
    await expect(preview.codeCaption).toContainText('1 replacement');
    await expect(consolePage.page.getByTestId('code-diff-failing-line')).toHaveText('121');
    await expect(preview.sideText(preview.codeDiff, 'a')).toContainText("$reference = $row['molam_ref'];");
    await expect(preview.sideText(preview.codeDiff, 'b')).toContainText("$reference = $row['molam_ref'] ?? '';");
    // The failing line is marked, and the gutters count from the excerpt's first line.
    await expect(preview.failingLine).toHaveCount(1);
    await expect(preview.failingLine).toContainText('molam_ref');
    await expect(preview.codeDiff.locator('.cm-merge-a .cm-lineNumbers .cm-gutterElement').filter({ hasText: /^118$/ })).toHaveCount(1);
    // PHP is highlighted: keywords and variables get their own styled spans.
    await expect.poll(() => preview.sideText(preview.codeDiff, 'a').locator('span[class]').count()).toBeGreaterThan(3);
    await checkAndScreenshot(preview.section, `preview-code-${theme}`);
  }
});

test.describe('the preview with the backend away', () => {
  let backend: SwitchableBackend | undefined;
  test.afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  test('a preview seen online is shown from the cache when the backend is unreachable, with when it was computed', async ({ consolePage }) => {
    test.setTimeout(180_000);
    const page = consolePage.page;
    const preview = new PatchPreviewPage(page);
    const offline = new OfflinePage(page, consolePage);
    backend = await startSwitchableBackend();
    const { pluginId, configId, codeId } = await proposePatches(backend.directUrl);
    await offline.useBackend('Switchable', backend.proxyUrl, DEMO_ADMIN_TOKEN);

    await openLog(consolePage, pluginId, codeId);
    await preview.waitForPreview('code');
    await openLog(consolePage, pluginId, configId);
    await preview.waitForPreview('state');

    await backend.goOffline();
    await offline.waitForConnectivity('offline');
    // A fresh page: nothing is left in the renderer's memory, the preview comes from the cache.
    await page.reload();
    await expect(page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'ready');
    await openLog(consolePage, pluginId, configId);
    await expect(preview.section).toHaveAttribute('data-kind', 'state');
    await expect(preview.status).toContainText('Computed by the backend');
    await expect(preview.sideText(preview.stateDiff, 'b')).toContainText('"currency": "XOF"');
    await openLog(consolePage, pluginId, codeId);
    await expect(preview.section).toHaveAttribute('data-kind', 'code');
    await expect(preview.failingLine).toHaveCount(1);
    await expect(consolePage.connectivity).toHaveAttribute('data-value', 'offline');
  });
});
