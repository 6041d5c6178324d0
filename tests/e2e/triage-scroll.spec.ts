import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';

/** Scrolls the table one step per frame (in window heights) and says, after each step, whether rows were skimmed. */
async function scrollAndLook(page: Page, steps: number[]): Promise<boolean[]> {
  return page.evaluate(async (steps) => {
    const box = document.querySelector('.triage-scroll')!;
    const skimmed: boolean[] = [];
    for (const viewports of steps) {
      box.scrollTop += box.clientHeight * viewports;
      await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
      skimmed.push(document.querySelector('td.row-skim') !== null);
    }
    return skimmed;
  }, steps);
}

test('a fast scroll skims rows, a reading scroll shows them whole; rows keep their order for assistive technology', async ({ consolePage }) => {
  const page = consolePage.page;
  await consolePage.waitForFirstSync();
  await page.evaluate(() => {
    location.hash = 'view=all';
  });
  const table = page.getByTestId('log-table');
  await expect(table).toHaveAttribute('data-state', 'ready');
  const total = Number(await table.getAttribute('data-total'));
  expect(total, 'the demo data has enough logs to scroll several windows').toBeGreaterThan(80);

  // Half a window per frame: whole rows. Then two windows per frame: skimmed. Then, without stopping,
  // half a window per frame again: whole rows from the first slow step.
  const skimmed = await scrollAndLook(page, [0.5, 0.5, 0.5, 2, 2, -0.5, -0.5]);
  expect(skimmed).toEqual([false, false, false, true, true, false, false]);
  await expect(page.getByTestId('row-check').first()).toBeVisible();

  // A fast scroll that stops: whole rows come back.
  expect(await scrollAndLook(page, [-2, -2])).toEqual([true, true]);
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
