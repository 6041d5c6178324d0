import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';

/**
 * Scrolls the table `steps` frames in a row, `viewports` window heights per frame, and says whether
 * any frame showed skimmed rows.
 */
async function scrollAndLook(page: Page, viewports: number, steps: number): Promise<boolean> {
  return page.evaluate(
    async ({ viewports, steps }) => {
      const box = document.querySelector('.triage-scroll')!;
      let skimmed = false;
      for (let i = 0; i < steps; i++) {
        box.scrollTop += box.clientHeight * viewports;
        await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
        skimmed ||= document.querySelector('td.row-skim') !== null;
      }
      return skimmed;
    },
    { viewports, steps },
  );
}

test('a fast scroll skims rows until it stops, a reading scroll does not; rows keep their order for assistive technology', async ({ consolePage }) => {
  const page = consolePage.page;
  await consolePage.waitForFirstSync();
  await page.evaluate(() => {
    location.hash = 'view=all';
  });
  const table = page.getByTestId('log-table');
  await expect(table).toHaveAttribute('data-state', 'ready');
  const total = Number(await table.getAttribute('data-total'));
  expect(total, 'the demo data has enough logs to scroll several windows').toBeGreaterThan(80);

  // Half a window per frame: rows stay whole.
  expect(await scrollAndLook(page, 0.5, 4)).toBe(false);
  await expect(page.getByTestId('row-check').first()).toBeVisible();

  // Two windows per frame: rows are skimmed (severity and issue), then whole again once it stops.
  expect(await scrollAndLook(page, 2, 3)).toBe(true);
  await expect(page.locator('td.row-skim')).toHaveCount(0);
  const rows = page.getByTestId('log-row');
  await expect(rows.first().getByTestId('row-check')).toBeVisible();

  // Rows are in slot order in the document; aria-rowindex tells the table's order, with no gap.
  const indexes = (await rows.evaluateAll((elements) => elements.map((e) => Number(e.getAttribute('aria-rowindex'))))).sort((a, b) => a - b);
  expect(indexes.length).toBeGreaterThan(5);
  expect(indexes.at(-1)! - indexes[0]!).toBe(indexes.length - 1);

  // One tab stop for the grid: only the cursor row and its controls are in the tab order.
  const tabStops = await page.locator('.triage-table tbody [tabindex="0"]').evaluateAll((elements) =>
    elements.map((element) => element.closest('tr')?.getAttribute('data-cursor') ?? 'no'),
  );
  expect(tabStops.every((cursor) => cursor === 'true')).toBe(true);
  expect(await page.locator('.triage-table tbody [data-testid="row-check"][tabindex="-1"]').count()).toBeGreaterThan(5);
  await page.screenshot({ path: test.info().outputPath('after-fast-scroll.png') });
});
