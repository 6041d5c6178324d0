/// <reference lib="dom" />
import type { Page } from '@playwright/test';
import type { PatchListFilters } from '../../src-shared/ipc/patches.js';

/**
 * What the patch benchmarks read in the page: the Patches screen's and the patch editor's
 * `data-testid`s, and the editor host's validation attributes (`data-revision`, the text's current
 * revision; `data-validated-revision` and `data-validation-state`, the last judged one and its verdict).
 */
export const PATCH_SELECTORS = {
  navPatches: '[data-testid="nav-patches"]',
  navEditor: '[data-testid="nav-patch-editor"]',
  page: '[data-testid="patches-page"]',
  table: '[data-testid="patch-table"]',
  row: '[data-testid="patch-row"]',
  draftItem: '[data-testid="patch-draft-item"]',
  editorRoot: '[data-testid="patch-editor-root"]',
} as const;

/** One change of the Patches screen's filter bar, made through its control. */
export type PatchFilterChange =
  | { control: 'search'; value: string }
  | { control: 'language' | 'state' | 'alert'; value: string }
  | { control: 'clear' };

/** The filters after `change`, from the filters before it (as the filter bar computes them). */
export function applyFilterChange(filters: PatchListFilters, change: PatchFilterChange): PatchListFilters {
  switch (change.control) {
    case 'clear':
      return { languages: [], states: [], search: '', alert: null };
    case 'search':
      return { ...filters, search: change.value };
    case 'language':
      return { ...filters, languages: change.value === '' ? [] : [change.value as PatchListFilters['languages'][number]] };
    case 'state':
      return { ...filters, states: change.value === '' ? [] : [change.value as PatchListFilters['states'][number]] };
    case 'alert':
      return { ...filters, alert: change.value === '' ? null : (change.value as PatchListFilters['alert']) };
  }
}

/** Opens the Patches screen from the sidebar and waits for its `total` rows. */
export async function openPatchesPage(page: Page, total: number, timeoutMs = 60_000): Promise<void> {
  await page.click(PATCH_SELECTORS.navPatches);
  await page.waitForFunction(
    ({ s, total }) => document.querySelector(s.table)?.getAttribute('data-rows') === String(total) && document.querySelector(s.row) !== null,
    { s: PATCH_SELECTORS, total },
    { polling: 'raf', timeout: timeoutMs },
  );
}

/**
 * Changes one filter the way a user does (the input's or select's own event, or the clear button's
 * click) and times until the screen shows the new answer: no placeholder rows left from the previous
 * filters (`data-stale`), the table holding `expectedRows` with rows rendered (or the empty state),
 * plus the frame that paints it.
 */
export async function timePatchFilterChange(page: Page, change: PatchFilterChange, expectedRows: number, timeoutMs = 10_000): Promise<number> {
  return page.evaluate(
    ({ s, change, expectedRows, timeoutMs }) =>
      new Promise<number>((resolve, reject) => {
        const settled = () => {
          const screen = document.querySelector<HTMLElement>(s.page);
          if (!screen || screen.dataset['stale'] === 'true') return false;
          if (expectedRows === 0) return screen.dataset['state'] === 'empty';
          return document.querySelector(s.table)?.getAttribute('data-rows') === String(expectedRows) && document.querySelector(s.row) !== null;
        };
        const control = document.querySelector<HTMLElement>(`[data-testid="patch-filter-${change.control}"]`);
        if (!control) return reject(new Error(`the Patches screen has no filter control "${change.control}"`));
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error(`the Patches screen did not show ${expectedRows} rows within ${timeoutMs} ms of the ${change.control} filter change`));
        }, timeoutMs);
        const observer = new MutationObserver(() => {
          if (!settled()) return;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() => resolve(performance.now() - started));
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        const started = performance.now();
        if (change.control === 'clear') {
          control.click();
        } else if (control instanceof HTMLInputElement) {
          // The native setter, so React's value tracker sees a change, then the event it listens to.
          Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(control, change.value);
          control.dispatchEvent(new Event('input', { bubbles: true }));
        } else if (control instanceof HTMLSelectElement) {
          Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!.call(control, change.value);
          control.dispatchEvent(new Event('change', { bubbles: true }));
        }
      }),
    { s: PATCH_SELECTORS, change, expectedRows, timeoutMs },
  );
}

/** Opens a draft from the editor's landing and waits for its first verdict (revision 0). */
export async function openDraftInEditor(page: Page, draftId: string, timeoutMs = 60_000): Promise<void> {
  await page.click(PATCH_SELECTORS.navEditor);
  await page.click(`${PATCH_SELECTORS.draftItem}[data-draft-id="${draftId}"] button`);
  await page.waitForFunction(
    (root) => {
      const host = document.querySelector<HTMLElement>(root);
      return host?.dataset['validatedRevision'] === '0' && host.dataset['validationState'] === 'valid';
    },
    PATCH_SELECTORS.editorRoot,
    { polling: 'raf', timeout: timeoutMs },
  );
}

/** One keystroke that changes the draft, as the page saw it. */
export interface KeystrokeTiming {
  key: string;
  /** From the key press (the event's own time) to the verdict on the revision it made. */
  validatedMs: number;
  /** The same, to the frame after the verdict. */
  paintedMs: number;
  state: 'valid' | 'invalid';
  /** The revision judged: beyond the keystroke's own when a later one was judged first. */
  judgedRevision: number;
  revision: number;
}

/**
 * Watches the editor: every key press that edits (a character or Backspace) is recorded with the
 * revision it will make, and timed until the host says that revision (or a later one) was judged
 * valid or invalid, and until the next frame.
 */
export async function installKeystrokeTimer(page: Page): Promise<void> {
  await page.evaluate((root) => {
    type Pending = { key: string; pressedAt: number; revision: number; validatedAt: number | null; paintedAt: number | null; state: string | null; judgedRevision: number | null };
    const w = window as unknown as { __keystrokes: Pending[] };
    const host = document.querySelector<HTMLElement>(root)!;
    w.__keystrokes = [];
    document.addEventListener(
      'keydown',
      (event) => {
        if (event.ctrlKey || event.metaKey || !(event.key.length === 1 || event.key === 'Backspace')) return;
        w.__keystrokes.push({ key: event.key, pressedAt: event.timeStamp, revision: Number(host.dataset['revision']) + 1, validatedAt: null, paintedAt: null, state: null, judgedRevision: null });
      },
      true,
    );
    new MutationObserver(() => {
      const state = host.dataset['validationState'];
      if (state !== 'valid' && state !== 'invalid') return;
      const judged = Number(host.dataset['validatedRevision']);
      const now = performance.now();
      for (const k of w.__keystrokes) {
        if (k.validatedAt !== null || judged < k.revision) continue;
        k.validatedAt = now;
        k.state = state;
        k.judgedRevision = judged;
        requestAnimationFrame(() => (k.paintedAt = performance.now()));
      }
    }).observe(host, { attributes: true, attributeFilter: ['data-validation-state', 'data-validated-revision'] });
  }, PATCH_SELECTORS.editorRoot);
}

/** The keystrokes timed since `installKeystrokeTimer`, once each has its verdict and its frame. */
export async function collectKeystrokes(page: Page, expected: number, timeoutMs = 10_000): Promise<KeystrokeTiming[]> {
  await page.waitForFunction(
    (expected) => {
      const list = (window as unknown as { __keystrokes: { paintedAt: number | null }[] }).__keystrokes;
      return list.length >= expected && list.every((k) => k.paintedAt !== null);
    },
    expected,
    { polling: 100, timeout: timeoutMs },
  ).catch(() => {
    throw new Error(`the editor did not judge the ${expected} keystrokes within ${timeoutMs} ms of the last one`);
  });
  return page.evaluate(() =>
    (window as unknown as { __keystrokes: { key: string; pressedAt: number; revision: number; validatedAt: number; paintedAt: number; state: 'valid' | 'invalid'; judgedRevision: number }[] }).__keystrokes.map(
      (k) => ({ key: k.key, validatedMs: k.validatedAt - k.pressedAt, paintedMs: k.paintedAt - k.pressedAt, state: k.state, judgedRevision: k.judgedRevision, revision: k.revision }),
    ),
  );
}
