import type { Locator, Page } from '@playwright/test';
import { ReviewQueuePage } from './pages/review-queue-page.js';
import { expect, test } from './support/fixtures.js';

/** How far each scroller can move sideways and down (0: it fits). */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const over = (element: Element | null) =>
      element ? { x: element.scrollWidth - element.clientWidth, y: element.scrollHeight - element.clientHeight } : null;
    return {
      page: over(document.scrollingElement),
      content: over(document.querySelector('main.content')),
      table: over(document.querySelector('.triage-scroll')),
    };
  });
}

/** The visible columns of the table's header (a dropped column has no width). */
async function visibleColumns(page: Page): Promise<string[]> {
  return page.locator('.triage-table thead th').evaluateAll((cells) =>
    cells.filter((cell) => cell.getBoundingClientRect().width > 0 && getComputedStyle(cell).visibility !== 'hidden').map((cell) => cell.className.replace('col-', '')),
  );
}

/** Every visibly cut text of the rows carries its whole text in a tooltip. */
async function expectCutTextHasTooltips(rows: Locator): Promise<void> {
  const cut = await rows.locator('.issue-text, .plugin-id, [data-testid="plugin-details"]').evaluateAll((elements) =>
    elements
      .filter((element) => element.scrollWidth > element.clientWidth || element.scrollHeight > element.clientHeight)
      .map((element) => ({ text: element.textContent, title: element.getAttribute('title') })),
  );
  for (const { text, title } of cut) expect(title, `a cut text without its tooltip: ${text}`).toBe(text);
}

for (const viewport of [
  { width: 1280, height: 720, columns: { closed: 8, open: 7 } },
  { width: 1920, height: 1080, columns: { closed: 8, open: 8 } },
]) {
  test(`at ${viewport.width}×${viewport.height} the queue and the detail pane fit without scrolling the page`, async ({ consolePage }) => {
    const page = consolePage.page;
    await page.setViewportSize({ width: viewport.width, height: viewport.height });
    const queue = new ReviewQueuePage(page);
    await consolePage.waitForFirstSync();
    await queue.waitForRows();

    // Nothing open: the table has the width, the page scrolls neither way, the table not sideways.
    expect(await overflow(page)).toMatchObject({ page: { x: 0, y: 0 }, content: { x: 0, y: 0 }, table: { x: 0 } });
    expect(await visibleColumns(page)).toHaveLength(viewport.columns.closed);
    await expect(page.getByTestId('detail-pane')).toBeVisible({ visible: viewport.width >= 1600 });
    await expectCutTextHasTooltips(queue.rows);
    await page.screenshot({ path: test.info().outputPath(`queue-${viewport.width}x${viewport.height}.png`) });

    // A log open: the pane sits beside the table, which drops columns instead of scrolling.
    await queue.rowAt(0).click();
    await expect(page.getByTestId('log-detail')).toBeVisible();
    const table = (await page.locator('.triage-scroll').boundingBox())!;
    const pane = (await page.getByTestId('detail-pane').boundingBox())!;
    expect(pane.x).toBeGreaterThanOrEqual(table.x + table.width);
    expect(pane.x + pane.width).toBeLessThanOrEqual(viewport.width);
    expect(pane.width).toBeGreaterThanOrEqual(360);
    expect(await overflow(page)).toMatchObject({ page: { x: 0, y: 0 }, content: { x: 0, y: 0 }, table: { x: 0 } });
    const columns = await visibleColumns(page);
    expect(columns).toHaveLength(viewport.columns.open);
    expect(columns).toEqual(expect.arrayContaining(['check', 'severity', 'plugin', 'issue', 'actions']));
    await expectCutTextHasTooltips(queue.rows);
    // Each row's decisions stay whole: both buttons on one line inside the row.
    const actions = (await queue.rowAt(0).locator('.actions').boundingBox())!;
    const [approve, reject] = [(await queue.rowAt(0).getByTestId('approve-log').boundingBox())!, (await queue.rowAt(0).getByTestId('reject-log').boundingBox())!];
    expect(approve.y).toBe(reject.y);
    expect(reject.x + reject.width).toBeLessThanOrEqual(actions.x + actions.width + 1);
    await page.screenshot({ path: test.info().outputPath(`queue-detail-${viewport.width}x${viewport.height}.png`) });

    // All logs add the status column back; closing the pane gives the table its width again.
    await consolePage.showAllLogs();
    await queue.waitForRows();
    expect(await visibleColumns(page)).toContain('status');
    expect(await overflow(page)).toMatchObject({ page: { x: 0 }, content: { x: 0 }, table: { x: 0 } });
    await page.screenshot({ path: test.info().outputPath(`all-logs-detail-${viewport.width}x${viewport.height}.png`) });
    await page.getByRole('button', { name: 'Close the detail pane' }).click();
    await expect(page.getByTestId('log-detail')).toHaveCount(0);
    expect(await visibleColumns(page)).toHaveLength(9);
    expect(await overflow(page)).toMatchObject({ page: { x: 0 }, content: { x: 0 }, table: { x: 0 } });
    await page.screenshot({ path: test.info().outputPath(`all-logs-${viewport.width}x${viewport.height}.png`) });
  });
}
