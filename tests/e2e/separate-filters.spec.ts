import { ReviewQueuePage } from './pages/review-queue-page.js';
import { expect, test } from './support/fixtures.js';

test('the review queue and the all-logs table keep their own filters, each line saying what its filters hide', async ({ consolePage }) => {
  const page = consolePage.page;
  const queue = new ReviewQueuePage(page);
  await consolePage.waitForFirstSync();
  await queue.waitForRows();
  const summary = page.getByTestId('filter-summary');
  await expect(summary).toHaveAttribute('data-active', '0');
  const waiting = Number(await summary.getAttribute('data-shown'));
  expect(waiting).toBeGreaterThan(0);
  await expect(summary).toHaveText(`${waiting} waiting`);

  // A severity chip filters the queue; the line says how many that filter hides.
  const low = Number(await page.getByTestId('severity-count-low').getAttribute('data-value'));
  await page.getByTestId('severity-count-low').click();
  await expect(summary).toHaveAttribute('data-active', '1');
  await expect(summary).toHaveAttribute('data-hidden', String(waiting - low));
  await expect(summary).toHaveText(`${low} waiting · 1 filter hides ${waiting - low} Clear the filter`);

  // The all-logs table does not inherit it, and keeps a search of its own.
  await consolePage.showAllLogs();
  await expect(summary).toHaveAttribute('data-active', '0');
  await expect(page.getByTestId('filter-search')).toHaveValue('');
  const all = Number(await summary.getAttribute('data-shown'));
  expect(all).toBeGreaterThan(waiting);
  await page.getByTestId('filter-search').fill('zz-no-log-matches-this');
  await expect(summary).toHaveText(`0 shown · 1 filter hides ${all} Clear the filter`);

  // Back on the queue: its own filter is still there, the search is not.
  await page.getByTestId('log-scope').selectOption('queue');
  await expect(summary).toHaveAttribute('data-active', '1');
  await expect(page.getByTestId('filter-search')).toHaveValue('');
  await expect(page.getByTestId('severity-count-low')).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('filter-summary-clear').click();
  await expect(summary).toHaveText(`${waiting} waiting`);

  await page.getByTestId('log-scope').selectOption('all');
  await expect(page.getByTestId('filter-search')).toHaveValue('zz-no-log-matches-this');
  await expect(summary).toHaveAttribute('data-hidden', String(all));
});
