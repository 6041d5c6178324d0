import { mkdirSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { DecisionNotices } from './pages/decision-notices-page.js';
import { OverviewPage } from './pages/overview-page.js';
import { ReviewQueuePage } from './pages/review-queue-page.js';
import { ScreensTour } from './pages/screens-tour.js';
import { expect, test } from './support/fixtures.js';
import { formatTextFindings, untranslatedText, type PendingRegion, type TextFinding } from './support/pseudo-locale-check.js';

/*
 * The console's strings come from its catalogs: in the pseudo-locale (every English message accented,
 * lengthened and bracketed) no screen shows plain text but data; and one review in French, from the
 * Settings' Language select, with screenshots of the main screens in French.
 */

/**
 * Regions whose strings are not all in catalogs yet: their findings are printed, not failed. Empty when
 * every screen is converted; a region is added here only with the reason, so nothing is skipped silently.
 */
const PENDING: readonly PendingRegion[] = [];

/** Chooses the language the way a tester does: the stored choice (the pseudo-locale has no entry in Settings), then a reload. */
async function useStoredLanguage(page: Page, choice: 'pseudo' | 'fr' | 'en'): Promise<void> {
  await page.evaluate((value) => localStorage.setItem('molam.language', value), choice);
  await page.reload();
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'ready');
}

const SCREENSHOTS = 'test-results/screenshots';

test('every screen in the pseudo-locale shows only catalog text and data', async ({ consolePage, consoleProcess, page }) => {
  test.setTimeout(300_000);
  const findings: TextFinding[] = [];
  const screens: string[] = [];
  const check = async (screen: string) => {
    screens.push(screen);
    findings.push(...(await untranslatedText(page, screen, PENDING)));
  };
  const queue = new ReviewQueuePage(page);
  const overview = new OverviewPage(page);
  const tour = new ScreensTour(page);

  await useStoredLanguage(page, 'pseudo');
  await consolePage.waitForFirstSync();
  await queue.waitForRows();
  await expect(page.getByTestId('nav-logs')).toHaveText(/^\[.*~\]$/);
  await check('review queue, detail pane closed');

  await queue.rowAt(0).getByTestId('reject-log').click();
  await expect(queue.rejectDialog).toBeVisible();
  await check('reject reason dialog');
  await page.getByTestId('confirm-reject').click();
  await expect(page.getByTestId('reject-error')).toBeVisible();
  await check('reject reason dialog, with its error');
  await page.getByTestId('cancel-reject').click();

  await queue.rowAt(0).getByTestId('row-check').focus();
  await queue.press('?');
  await expect(queue.shortcuts).toBeVisible();
  await check('keyboard shortcuts');
  await queue.press('Escape');

  await queue.checkRange(0, 1);
  await page.getByTestId('bulk-approve').click();
  await expect(page.getByTestId('bulk-eligible')).toBeVisible();
  await check('bulk approve preview');
  await page.getByTestId('bulk-cancel').click();
  await page.getByTestId('bulk-reject').click();
  await expect(page.getByTestId('bulk-reason')).toBeVisible();
  await check('bulk reject preview');
  await page.getByTestId('bulk-cancel').click();
  await page.getByTestId('filter-severity').locator('summary').click();
  await check('filters open');
  await page.getByTestId('filter-severity').locator('summary').click();
  await page.getByTestId('bulk-clear').click();

  await queue.rowAt(0).click();
  await expect(tour.detail.detail).toBeVisible();
  await check('review queue, detail pane open');

  await tour.openPendingLog(consoleProcess.backendUrl, 'config_update', 'state');
  await check('all logs, detail pane open, state diff');
  await tour.openWideDiff();
  await check('full-width diff dialog');
  await tour.closeWideDiff();
  await tour.openPendingLog(consoleProcess.backendUrl, 'code_patch', 'code');
  await check('all logs, detail pane open, code diff');
  await tour.clearPluginFilter();
  await tour.openFirstAppliedLog();
  await page.getByTestId('detail-rollback').click();
  await expect(page.getByTestId('confirm-panel')).toBeVisible();
  await check('rollback confirmation');
  await page.getByTestId('cancel-action').click();

  await tour.visitPatchScreens(check);

  await tour.goTo('conflicts', page.getByTestId('conflicts-page'));
  await check('conflicts');
  await overview.open();
  await check('overview');
  await tour.goTo('settings', page.getByTestId('secret-storage'));
  await check('settings');
  await page.getByTestId('profile-add').click();
  await expect(page.getByTestId('profile-form')).toBeVisible();
  await check('settings, new profile form');

  const failing = findings.filter((finding) => finding.pending === null);
  const listed = findings.filter((finding) => finding.pending !== null);
  console.log(`pseudo-locale check: ${screens.length} screens checked: ${screens.join('; ')}`);
  if (PENDING.length > 0) console.log(`regions not checked yet (listed, not failed):\n${PENDING.map((r) => `- ${r.selector}: ${r.why}`).join('\n')}`);
  if (listed.length > 0) console.log(`text not from a catalog in those regions:\n${formatTextFindings(listed)}`);
  expect(screens).toHaveLength(23);
  expect(failing, `text that did not come from a catalog:\n${formatTextFindings(failing)}`).toEqual([]);
});

test('the page opened without its launch secret says so in the pseudo-locale with catalog text only', async ({ consoleProcess, browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(consoleProcess.baseUrl);
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'missing-secret');
  await page.evaluate(() => localStorage.setItem('molam.language', 'pseudo'));
  await page.reload();
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'missing-secret');
  await expect(page.locator('h1')).toHaveText(/^\[.*~\]$/);
  const findings = await untranslatedText(page, 'missing launch secret', PENDING);
  await context.close();
  expect(findings, formatTextFindings(findings)).toEqual([]);
});

test('a review in French: the language chosen in Settings applies at once, and the approval’s notice is in French', async ({ consolePage, page }) => {
  test.setTimeout(120_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const queue = new ReviewQueuePage(page);
  const notices = new DecisionNotices(page);
  await consolePage.waitForFirstSync();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');

  await page.getByTestId('nav-settings').click();
  await page.getByTestId('profile-add').click();
  await page.getByTestId('profile-name').fill('Staging');
  await page.getByTestId('language-select').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(page.getByTestId('nav-logs')).toHaveText('Journaux de correction');
  // Switched without a restart: what was being typed is still there.
  await expect(page.getByTestId('profile-name')).toHaveValue('Staging');
  await page.getByTestId('profile-form').getByRole('button', { name: 'Annuler' }).click();
  await expect(page.getByTestId('language-select').locator('option:checked')).toHaveText('Français');
  await page.screenshot({ path: `${SCREENSHOTS}/fr-settings.png`, fullPage: true });

  await page.getByTestId('nav-logs').click();
  await queue.waitForRows();
  await expect(page.locator('#logs-title')).toHaveText('File de revue');
  await expect(page.getByTestId('filter-summary')).toContainText('en attente');
  // Percentages the French way: a space before the sign.
  await expect(queue.rowAt(0).getByTestId('confidence-meter')).toHaveText(/^\d+(,\d)?\u00a0%$/);
  // French punctuation, and a word that agrees with its feminine label.
  await expect(page.getByTestId('filter-severity').locator('summary')).toHaveText('Gravité : toutes');
  // The longer French words keep a row's two decisions on one line inside the row.
  const [approve, reject] = [await queue.rowAt(0).getByTestId('approve-log').boundingBox(), await queue.rowAt(0).getByTestId('reject-log').boundingBox()];
  const actions = (await queue.rowAt(0).locator('.actions').boundingBox())!;
  expect(approve!.y).toBe(reject!.y);
  expect(reject!.x + reject!.width).toBeLessThanOrEqual(actions.x + actions.width + 1);
  await page.screenshot({ path: `${SCREENSHOTS}/fr-review-queue.png` });

  const row = consolePage.firstDecidableRow();
  const logId = (await row.getAttribute('data-log-id'))!;
  await row.click();
  await expect(page.getByTestId('log-detail')).toHaveAttribute('data-log-id', logId);
  await page.screenshot({ path: `${SCREENSHOTS}/fr-log-detail.png` });

  await consolePage.row(logId).getByTestId('approve-log').click();
  const notice = notices.all.filter({ hasText: `journal ${logId.slice(0, 8)}` });
  await expect(notice.locator('span').first()).toHaveText(/^Approbation – journal [0-9a-f]{8} \(.+\) : (envoi effectué|en attente d’envoi : .+)\.$/);
  await page.screenshot({ path: `${SCREENSHOTS}/fr-approved.png` });

  await page.getByTestId('nav-overview').click();
  await expect(page.getByTestId('overview-page')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/fr-overview.png` });
  await page.getByTestId('nav-conflicts').click();
  await expect(page.getByTestId('conflicts-page')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/fr-conflicts.png` });

  // Remembered across a restart of the window, and back to following the system (English here).
  await page.reload();
  await expect(page.getByTestId('nav-logs')).toHaveText('Journaux de correction');
  await page.getByTestId('nav-settings').click();
  await page.getByTestId('language-select').selectOption('system');
  await expect(page.getByTestId('nav-logs')).toHaveText('Healing logs');
});
