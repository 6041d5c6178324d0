import type { Locator } from '@playwright/test';
import { OverviewPage } from './pages/overview-page.js';
import { expect, test } from './support/fixtures.js';

// The palette's `bg` of each theme (src-renderer/shared/theme/palette.ts).
const LIGHT_BG = 'rgb(246, 247, 249)';
const DARK_BG = 'rgb(18, 21, 28)';
const countOf = async (locator: Locator) => Number((await locator.innerText()).replace(/[^0-9]/g, ''));

test('the overview shows the stat cards, the confidence charts and a threshold what-if from the cache', async ({ consolePage, page }) => {
  await consolePage.waitForFirstSync();
  const overview = new OverviewPage(page);
  await overview.open();

  await overview.choosePeriod(90);
  await expect(overview.statCards).toBeVisible();
  await expect.poll(() => countOf(overview.stat('total'))).toBeGreaterThan(0);
  for (const key of ['applied', 'rolled_back', 'failed', 'avg_confidence', 'success_rate']) await expect(overview.stat(key)).toBeVisible();
  const total90 = await countOf(overview.stat('total'));

  for (const chart of [overview.distributionChart, overview.calibrationChart, overview.timelineChart]) {
    await expect(chart).toHaveAttribute('data-empty', 'false');
    await expect(chart.locator('svg.recharts-surface').first()).toBeVisible();
    await expect(chart.locator('.recharts-bar-rectangle').first()).toBeAttached();
  }
  // The calibration chart names how many ended logs each bar stands for.
  await expect(overview.calibrationChart.getByText(/^n=\d+$/).first()).toBeVisible();

  // The what-if moves with the slider: a lower threshold can only auto-apply more logs.
  await overview.thresholdSlider.fill('95');
  await expect(overview.whatIf).toHaveAttribute('data-threshold', '95');
  const atHigh = Number((await overview.autoApplied.innerText()).split(' of ')[0]!.replace(/[^0-9]/g, ''));
  expect(atHigh).toBeLessThanOrEqual(total90);
  await overview.thresholdSlider.fill('0');
  await expect(overview.whatIf).toHaveAttribute('data-threshold', '0');
  await expect(overview.autoApplied).toHaveText(`${total90.toLocaleString('en-US')} of ${total90.toLocaleString('en-US')}`);
  await overview.thresholdSlider.fill('85');
  await expect(overview.failureRate).toContainText('with an outcome');

  // A shorter period never counts more logs.
  await overview.choosePeriod(7);
  expect(await countOf(overview.stat('total'))).toBeLessThanOrEqual(total90);

  await page.screenshot({ path: test.info().outputPath('overview.png'), fullPage: true });
});

test('the theme selector switches the root theme attribute and the colours, and its choice is remembered', async ({ consolePage, page }) => {
  const overview = new OverviewPage(page);
  await overview.open();
  expect(await overview.theme()).toBe('light');
  await expect(overview.themeSelector.getByRole('radio', { name: 'Follow the system' })).toBeChecked();
  await expect(page.locator('body')).toHaveCSS('background-color', LIGHT_BG);

  await overview.chooseTheme('Dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('body')).toHaveCSS('background-color', DARK_BG);
  await page.screenshot({ path: test.info().outputPath('overview-dark.png'), fullPage: true });

  await page.reload();
  await expect(consolePage.root).toHaveAttribute('data-app-state', 'ready');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(overview.themeSelector.getByRole('radio', { name: 'Dark' })).toBeChecked();

  // A chosen theme holds whatever the system prefers.
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

  await overview.chooseTheme('Light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: test.info().outputPath('overview-light.png'), fullPage: true });
});

test('following the system switches the theme live when the system changes its colour scheme', async ({ consolePage, page }) => {
  const overview = new OverviewPage(page);
  await overview.chooseTheme('Dark');
  await overview.chooseTheme('Follow the system');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('body')).toHaveCSS('background-color', DARK_BG);
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  await expect(consolePage.root).toHaveAttribute('data-app-state', 'ready');
});

test.describe('with the system set to dark', () => {
  test.use({ colorScheme: 'dark' });

  test('the console follows the system colour scheme until a theme is chosen', async ({ consolePage, page }) => {
    await expect(consolePage.root).toHaveAttribute('data-app-state', 'ready');
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.screenshot({ path: test.info().outputPath('system-dark.png'), fullPage: true });
  });
});
