import type { Locator, Page } from '@playwright/test';
import { LogDetailPage } from './pages/log-detail-page.js';
import { ReviewQueuePage } from './pages/review-queue-page.js';
import { applyPatchByHand, registerDemoPlugin } from './support/applied-patches.js';
import { expect, test } from './support/fixtures.js';

interface Clipped {
  what: string;
  box: { left: number; right: number; top: number; bottom: number };
  container: { left: number; right: number; top: number; bottom: number } | null;
}

/**
 * Elements of `scope` matching `selector` that are cut: sticking out of their container (`within`,
 * the nearest ancestor matching it) or of the visible part of `viewport`, or hiding their own text.
 */
async function clippedIn(scope: Locator, selector: string, within: string, viewport: string): Promise<Clipped[]> {
  return scope.evaluate(
    (root, [selector, within, viewport]) => {
      const rect = (element: Element) => {
        const r = element.getBoundingClientRect();
        return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
      };
      const outside = (inner: ReturnType<typeof rect>, outer: ReturnType<typeof rect>) =>
        inner.left < outer.left - 0.5 || inner.right > outer.right + 0.5 || inner.top < outer.top - 0.5 || inner.bottom > outer.bottom + 0.5;
      const frame = document.querySelector(viewport!);
      return Array.from(root.querySelectorAll(selector!)).flatMap((element) => {
        const box = rect(element);
        if (box.right - box.left === 0) return [];
        const holder = element.parentElement?.closest(within!) ?? null;
        const container = holder ? rect(holder) : null;
        const cut =
          (container !== null && outside(box, container)) ||
          (frame !== null && (box.left < rect(frame).left - 0.5 || box.right > rect(frame).right + 0.5)) ||
          element.scrollWidth > element.clientWidth + 1;
        const where = frame ? ` (visible table ${Math.round(rect(frame).left)}–${Math.round(rect(frame).right)})` : '';
        return cut ? [{ what: `${element.getAttribute('data-testid')}: ${element.textContent}${where}`, box, container }] : [];
      });
    },
    [selector, within, viewport] as const,
  );
}

async function expectNothingClipped(page: Page): Promise<void> {
  const rows = page.locator('.triage-table tbody');
  expect(await clippedIn(rows, '[data-testid="approve-log"], [data-testid="reject-log"], [data-testid="log-awaiting-approvals"]', 'td', '.triage-scroll')).toEqual([]);
  const pane = page.getByTestId('detail-pane');
  expect(await clippedIn(pane, '[data-testid="detail-actions"] button, [data-testid="approvals-tally"], [data-testid="approvals-tally"] *', 'section, aside', '[data-testid="detail-pane"]')).toEqual([]);
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1440, height: 900 },
]) {
  test(`at ${viewport.width}×${viewport.height} with the detail pane open, no row button or approval text is clipped, at any pane width`, async ({ consolePage }) => {
    const page = consolePage.page;
    await page.setViewportSize(viewport);
    const queue = new ReviewQueuePage(page);
    await consolePage.waitForFirstSync();
    await queue.waitForRows();
    await queue.rowAt(0).click();
    await expect(page.getByTestId('log-detail')).toBeVisible();
    await expect(queue.rowAt(0).getByTestId('approve-log')).toBeVisible();
    await expectNothingClipped(page);

    // Widest and narrowest pane the splitter allows: the table still keeps its decisions whole.
    const splitter = page.getByTestId('pane-splitter');
    await splitter.focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('log-detail')).toBeVisible();
    await expectNothingClipped(page);
    await page.screenshot({ path: test.info().outputPath(`widest-pane-${viewport.width}x${viewport.height}.png`) });
    // The all-logs table has the status column too.
    await consolePage.showAllLogs();
    await queue.waitForRows();
    await queue.rowAt(0).click();
    await expectNothingClipped(page);
    await splitter.focus();
    await page.keyboard.press('End');
    await expectNothingClipped(page);
    await page.screenshot({ path: test.info().outputPath(`narrowest-pane-${viewport.width}x${viewport.height}.png`) });
  });
}

test('the splitter resizes the detail pane by keyboard and pointer, and the width is remembered', async ({ consolePage }) => {
  const page = consolePage.page;
  await page.setViewportSize({ width: 1440, height: 900 });
  const queue = new ReviewQueuePage(page);
  await consolePage.waitForFirstSync();
  await queue.waitForRows();
  await queue.rowAt(0).click();
  const pane = page.getByTestId('detail-pane');
  const splitter = page.getByRole('separator', { name: 'Resize the detail pane' });
  await expect(splitter).toHaveAttribute('aria-orientation', 'vertical');
  const width = async () => Math.round((await pane.boundingBox())!.width);
  const before = await width();
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before));

  await splitter.focus();
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await expect.poll(width).toBe(before + 48);
  await expect(splitter).toHaveAttribute('aria-valuenow', String(before + 48));
  await page.keyboard.press('ArrowRight');
  await expect.poll(width).toBe(before + 24);

  const bar = (await splitter.boundingBox())!;
  await page.mouse.move(bar.x + bar.width / 2, bar.y + 50);
  await page.mouse.down();
  // Dragging the bar right narrows the pane.
  await page.mouse.move(bar.x + bar.width / 2 + 100, bar.y + 50, { steps: 5 });
  await page.mouse.up();
  await expect.poll(width).toBe(before - 76);

  await page.reload();
  await expect(page.getByTestId('app-root')).toHaveAttribute('data-app-state', 'ready');
  await queue.waitForRows();
  await queue.rowAt(0).click();
  await expect.poll(width).toBe(before - 76);
  await page.getByTestId('pane-splitter').focus();
  await page.keyboard.press('Enter');
  await expect.poll(width).toBe(before);
});

test('a diff opens at the window’s full width, closes with Escape and gives focus back; long patch JSON is a focusable named region', async ({
  consolePage,
  consoleProcess,
}) => {
  test.setTimeout(120_000);
  const page = consolePage.page;
  await page.setViewportSize({ width: 1280, height: 720 });
  const detail = new LogDetailPage(page);
  await consolePage.waitForFirstSync();
  await registerDemoPlugin(consoleProcess.backendUrl, 'e2e-wide-1');
  const long = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`setting_${i}`, `a-long-value-${'x'.repeat(120)}-${i}`]));
  const id = await applyPatchByHand(consoleProcess.backendUrl, 'e2e-wide-1', 'Settings drifted from the recommended values', long);
  await consolePage.showAllLogs();
  await page.getByTestId('filter-plugin').fill('e2e-wide-1');
  await expect(page.locator(`[data-testid="log-row"][data-log-id="${id}"]`)).toBeVisible({ timeout: 20_000 });
  await detail.openLog(id);

  const patch = page.getByRole('region', { name: 'Proposed patch (JSON)' });
  await expect(patch).toHaveAttribute('tabindex', '0');
  const fits = await patch.evaluate((element) => element.scrollWidth <= element.clientWidth);
  expect(fits, 'long values wrap instead of widening the pane').toBe(true);
  await patch.focus();
  await page.keyboard.press('PageDown');
  await expect.poll(() => patch.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);

  const open = page.getByTestId('diff-dialog-open');
  await open.click();
  const dialog = page.getByRole('dialog', { name: 'What this patch changes' });
  await expect(dialog).toBeVisible();
  expect((await dialog.boundingBox())!.width).toBeGreaterThanOrEqual(1280 - 40);
  await expect(dialog.locator('.diff-host, [data-testid="code-diff"]').first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('diff-full-width.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});
