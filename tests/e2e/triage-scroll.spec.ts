import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures.js';

/**
 * Scrolls the table by the given steps (in window heights), two frames apart, and says whether rows
 * were skimmed at any moment meanwhile and whether they are at the end (React renders a frame or so
 * after the scroll, so every change of the table's `data-skim` is recorded rather than sampled).
 */
async function scroll(page: Page, steps: number[]): Promise<{ skimmedAtSomePoint: boolean; skimmedAtEnd: boolean }> {
  return page.evaluate(async (steps) => {
    const box = document.querySelector('.triage-scroll')!;
    const body = box.querySelector('tbody')!;
    const frames = (n: number) => new Promise<void>((resolve) => {
      const next = (left: number) => (left === 0 ? resolve() : requestAnimationFrame(() => next(left - 1)));
      next(n);
    });
    let skimmedAtSomePoint = body.dataset['skim'] === 'true';
    const observer = new MutationObserver(() => (skimmedAtSomePoint ||= body.dataset['skim'] === 'true'));
    observer.observe(body, { attributes: true, attributeFilter: ['data-skim'] });
    for (const viewports of steps) {
      box.scrollTop += box.clientHeight * viewports;
      await frames(2);
    }
    await frames(2);
    observer.disconnect();
    return { skimmedAtSomePoint, skimmedAtEnd: body.dataset['skim'] === 'true' };
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

  // A row keeps its element while in view: after a short scroll the focused element is the same one,
  // showing the same log (a mark set on it before the scroll is still there).
  // (Far enough down that the scroll below moves the rendered window past its overscan.)
  for (let i = 0; i < 8; i++) await page.keyboard.press('j');
  const cursor = page.locator('tr[data-cursor="true"]');
  await expect(cursor).toHaveAttribute('aria-rowindex', '9');
  await expect(cursor).toBeFocused();
  const cursorLog = await cursor.getAttribute('data-log-id');
  await cursor.evaluate((row) => row.setAttribute('data-probe', 'focused-before'));
  await page.evaluate(() => {
    document.querySelector('.triage-scroll')!.scrollTop = 6 * 52;
  });
  await expect(page.locator(`tr[data-log-id="${cursorLog}"]`)).toBeFocused();
  await expect(page.locator(`tr[data-log-id="${cursorLog}"]`)).toHaveAttribute('data-probe', 'focused-before');

  // Half a window per frame: whole rows all along.
  expect(await scroll(page, [0.5, 0.5, 0.5])).toEqual({ skimmedAtSomePoint: false, skimmedAtEnd: false });
  await expect(page.getByTestId('row-check').first()).toBeVisible();
  // Two windows per frame: skimmed rows.
  expect(await scroll(page, [2, 2, 2])).toMatchObject({ skimmedAtSomePoint: true });
  // Slower again without stopping: whole rows (the step rule; the unit test covers it exactly).
  expect(await scroll(page, [-0.5, -0.5, -0.5, -0.5])).toMatchObject({ skimmedAtEnd: false });
  await expect(page.getByTestId('row-check').first()).toBeVisible();

  // A fast scroll that stops: whole rows come back.
  expect(await scroll(page, [-2, -2])).toMatchObject({ skimmedAtSomePoint: true });
  await expect(page.locator('td.row-skim')).toHaveCount(0);
  const rows = page.getByTestId('log-row');
  await expect(rows.first().getByTestId('row-check')).toBeVisible();

  // Rows are in the table's order in the document, and aria-rowindex tells it with no gap.
  const indexes = await rows.evaluateAll((elements) => elements.map((e) => Number(e.getAttribute('aria-rowindex'))));
  expect(indexes.length).toBeGreaterThan(5);
  expect(indexes).toEqual(indexes.map((_, i) => indexes[0]! + i));

  // One tab stop for the grid: only the cursor row and its controls are in the tab order.
  const tabStops = await page.locator('.triage-table tbody [tabindex="0"]').evaluateAll((elements) =>
    elements.map((element) => element.closest('tr')?.getAttribute('data-cursor') ?? 'no'),
  );
  expect(tabStops.every((cursor) => cursor === 'true')).toBe(true);
  expect(await page.locator('.triage-table tbody [data-testid="row-check"][tabindex="-1"]').count()).toBeGreaterThan(5);
  await page.screenshot({ path: test.info().outputPath('after-fast-scroll.png') });
});
