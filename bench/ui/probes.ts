/// <reference lib="dom" />
import type { Page } from '@playwright/test';

/**
 * What the benchmark reads in the page. The selectors are the review-queue table's `data-testid`s;
 * every probe runs inside the page and times with its `performance.now()` (origin: navigation start).
 */
export const SELECTORS = {
  appReady: '[data-testid="app-root"][data-app-state="ready"]',
  row: '[data-testid="log-row"]',
  severityBadge: '[data-testid="severity-badge"]',
  table: '[data-testid="log-table"]',
} as const;

/** Collects long tasks from the first script on (installed before the page loads). */
export async function installLongTaskObserver(page: Page): Promise<void> {
  // tsx keeps function names with a `__name` helper that does not exist in the page: a no-op stands in.
  await page.addInitScript({ content: 'globalThis.__name = globalThis.__name || ((fn) => fn);' });
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/** Milliseconds from navigation start until the console is ready and shows review-queue rows. */
export async function timeToInteractiveQueue(page: Page, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction(
    (s) => (document.querySelector(s.appReady) && document.querySelector(s.row) ? performance.now() : null),
    SELECTORS,
    { polling: 'raf', timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Applies a severity filter and times until every visible row shows that severity, plus the frame
 * that paints it. `apply` runs in the page: it changes the filter the way the table listens for it.
 */
export async function timeFilterChange(page: Page, severity: string, timeoutMs = 10_000): Promise<number> {
  return page.evaluate(
    ({ s, severity, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const settled = () => {
          const rows = Array.from(document.querySelectorAll(s.row));
          return rows.length > 0 && rows.every((row) => (row.querySelector(s.severityBadge)?.textContent ?? '').toLowerCase().includes(severity));
        };
        const started = performance.now();
        const timer = setTimeout(() => reject(new Error(`rows did not show only ${severity} within ${timeoutMs} ms`)), timeoutMs);
        const observer = new MutationObserver(() => {
          if (!settled()) return;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => resolve(performance.now() - started));
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        const params = new URLSearchParams(location.hash.replace(/^#/, ''));
        params.set('severity', severity);
        location.hash = params.toString();
      }),
    { s: SELECTORS, severity, timeoutMs },
  );
}

export interface ScrollResult {
  durationMs: number;
  frames: number;
  scrolledPx: number;
  longTasks: number;
  maxLongTaskMs: number;
  maxFrameGapMs: number;
  /** False when the time limit stopped the scroll before the last row. */
  reachedEnd: boolean;
}

/** Scrolls the table's scroll container from top to bottom, `viewportsPerFrame` screens a frame. */
export async function scrollWholeTable(page: Page, viewportsPerFrame: number, timeoutMs = 180_000): Promise<ScrollResult> {
  // The table hides its scroll container while it is not ready (rows loading or failed): scroll a ready one.
  await page.waitForSelector(`${SELECTORS.table}[data-state="ready"] ${SELECTORS.row}`, { timeout: 60_000 });
  return page.evaluate(
    ({ s, viewportsPerFrame, timeoutMs }) =>
      new Promise<ScrollResult>((resolve, reject) => {
        const firstRow = document.querySelector(s.row);
        let scroller: HTMLElement | null = firstRow?.parentElement ?? null;
        while (scroller && !(scroller.scrollHeight > scroller.clientHeight + 1 && /(auto|scroll)/.test(getComputedStyle(scroller).overflowY))) scroller = scroller.parentElement;
        if (!scroller) return reject(new Error('no scrollable container holds the log rows'));
        const box = scroller;
        const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
        box.scrollTop = 0;
        const started = performance.now();
        let frames = 0;
        let last = started;
        let maxGap = 0;
        const step = () => {
          const now = performance.now();
          maxGap = Math.max(maxGap, now - last);
          last = now;
          frames++;
          const atEnd = box.scrollTop + box.clientHeight >= box.scrollHeight - 1;
          if (atEnd || now - started > timeoutMs) {
            const tasks = w.__longTasks.filter((t) => t.start >= started);
            resolve({
              durationMs: now - started,
              frames,
              scrolledPx: box.scrollTop,
              longTasks: tasks.length,
              maxLongTaskMs: tasks.reduce((max, t) => Math.max(max, t.duration), 0),
              maxFrameGapMs: maxGap,
              reachedEnd: atEnd,
            });
            return;
          }
          box.scrollTop += box.clientHeight * viewportsPerFrame;
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    { s: SELECTORS, viewportsPerFrame, timeoutMs },
  );
}

/** Switches the table to every cached log (the filters live in the address's fragment). */
export async function showAllLogs(page: Page): Promise<void> {
  await page.evaluate(() => {
    location.hash = 'view=all';
  });
  await page.waitForFunction((row) => document.querySelectorAll(row).length > 0, SELECTORS.row, { polling: 'raf' });
}
