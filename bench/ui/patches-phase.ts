import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import type { PatchListFilters } from '../../src-shared/ipc/patches.js';
import { applyFilterChange, collectKeystrokes, installKeystrokeTimer, openDraftInEditor, openPatchesPage, PATCH_SELECTORS, timePatchFilterChange, type KeystrokeTiming, type PatchFilterChange } from './patch-probes.js';
import { installLongTaskObserver, SELECTORS } from './probes.js';
import { seedCache } from './seed-cache.js';
import { BENCH_DRAFT_ID, benchDraftText, expectedRowCounts, seedPatches } from './seed-patches.js';
import { startShell } from './shell-process.js';

/** Healing logs beside the registry, so the console opens on a review queue as it does in use. */
const LOGS = 1_000;

/**
 * The filter changes timed, in order: search text, a language, a state and the runbook alerts, alone
 * and combined, each leaving a row count different from the one before (checked on the seed).
 */
const FILTER_PLAN: readonly PatchFilterChange[] = [
  { control: 'search', value: 'timeout' },
  { control: 'language', value: 'python' },
  { control: 'search', value: '' },
  { control: 'alert', value: 'rollback_rate' },
  { control: 'language', value: '' },
  { control: 'alert', value: 'any' },
  { control: 'alert', value: 'failure_rate' },
  { control: 'search', value: 'currency' },
  { control: 'alert', value: '' },
  { control: 'language', value: 'go' },
  { control: 'search', value: 'rate limited' },
  { control: 'clear' },
  { control: 'state', value: 'in_review' },
  { control: 'state', value: '' },
];

/**
 * Where the editor benchmark types in the draft (`benchDraftText`): the line holding `marker`, the
 * cursor `left` characters before its end, then `key` and Backspace in turn, each `key` making the
 * draft invalid (a number out of range near the top, a field path with a stray character in the
 * middle, a trailing comma, a syntax error, near the end) and each Backspace valid again.
 */
const EDITS = [
  { marker: '"max_attempts": 3,', left: 1, key: '0' },
  { marker: '"field": "customer.address.country"', left: 2, key: '-' },
  { marker: '"kiosk"', left: 0, key: ',' },
] as const;
const PAIRS_PER_EDIT = 10;
/** A steady typist: one key every 80 ms. */
const KEY_INTERVAL_MS = 80;

const round = (ms: number) => Math.round(ms * 10) / 10;
const sorted = (xs: readonly number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: readonly number[]) => sorted(xs)[Math.floor(xs.length / 2)]!;
/** The nearest-rank percentile. */
const percentile = (xs: readonly number[], p: number) => sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]!;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PatchPhaseOptions {
  patches: number;
}

/**
 * The Patches screen over `patches` cached SDK patches and the patch editor on a 500-line draft, the
 * backend unreachable: a filter change to updated rows, and a keystroke to the editor's verdict.
 */
export async function patchScreensPhase(browser: Browser, { patches }: PatchPhaseOptions): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-bench-patches-'));
  try {
    const seeded = performance.now();
    await seedCache(dataDir, LOGS);
    seedPatches(dataDir, patches);
    console.log(`seeded ${patches.toLocaleString('en-US')} SDK patches, their versions and figures, and a ${benchDraftText().split('\n').length}-line draft in ${round(performance.now() - seeded)} ms`);
    const expected = expectedRows(dataDir);

    const shell = await startShell(dataDir);
    try {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      // A step that times out says what the page reported (a screen's chunk that failed to load, say).
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      page.on('console', (message) => message.type() === 'error' && pageErrors.push(message.text()));
      return await measure(page, shell.openUrl, patches, expected).catch((error: unknown) => {
        if (pageErrors.length > 0 && error instanceof Error) error.message += `\nthe page reported:\n${pageErrors.slice(0, 10).join('\n')}`;
        throw error;
      });
    } finally {
      await shell.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The two measurements, on a page of the started shell. */
async function measure(page: Page, openUrl: string, patches: number, expected: readonly number[]): Promise<Record<string, number>> {
  await installLongTaskObserver(page);
  await page.goto(openUrl);
  await page.waitForSelector(SELECTORS.appReady, { timeout: 60_000 });
  await openPatchesPage(page, patches);

  const filterTimes: number[] = [];
  for (const [i, change] of FILTER_PLAN.entries()) filterTimes.push(await timePatchFilterChange(page, change, expected[i]!));
  const filter = median(filterTimes);
  const filterMax = Math.max(...filterTimes);
  console.log(
    `patches filter change to updated rows: ${round(filter)} ms median, ${round(filterMax)} ms max over ${filterTimes.length} changes ` +
      `(${FILTER_PLAN.map((c, i) => `${describe(c)} → ${expected[i]} rows ${round(filterTimes[i]!)} ms`).join('; ')})`,
  );

  await openDraftInEditor(page, BENCH_DRAFT_ID);
  const typingFrom = await page.evaluate(() => performance.now());
  const keys = await typeInDraft(page);
  const longTask = await longestTaskSince(page, typingFrom);
  const validated = keys.map((k) => k.validatedMs);
  const painted = keys.map((k) => k.paintedMs);
  const late = keys.filter((k) => k.judgedRevision > k.revision).length;
  const byVerdict = (state: 'valid' | 'invalid') => {
    const times = keys.filter((k) => k.state === state).map((k) => k.validatedMs);
    return `${state} ${round(median(times))} ms median, ${round(percentile(times, 95))} ms p95`;
  };
  console.log(
    `editor keystroke to validated state (${keys.length} keys, ${KEY_INTERVAL_MS} ms apart, 500-line draft): p95 ${round(percentile(validated, 95))} ms, median ${round(median(validated))} ms, max ${round(Math.max(...validated))} ms ` +
      `(${byVerdict('invalid')}; ${byVerdict('valid')}); to the next frame: p95 ${round(percentile(painted, 95))} ms; ${late} judged only with a later keystroke; longest task while typing ${round(longTask)} ms`,
  );
  return {
    patches,
    patchesFilterMs: round(filter),
    patchesFilterMaxMs: round(filterMax),
    editorKeystrokeP95Ms: round(percentile(validated, 95)),
    editorKeystrokeMedianMs: round(median(validated)),
    editorKeystrokeMaxMs: round(Math.max(...validated)),
    editorKeystrokeFrameP95Ms: round(percentile(painted, 95)),
    editorKeystrokesJudgedLate: late,
    editorTypingMaxLongTaskMs: round(longTask),
  };
}

/** The rows each step of the filter plan leaves, as the console's own list service computes them. */
function expectedRows(dataDir: string): number[] {
  const states: PatchListFilters[] = [];
  let filters: PatchListFilters = { languages: [], states: [], search: '', alert: null };
  for (const change of FILTER_PLAN) states.push((filters = applyFilterChange(filters, change)));
  const counts = expectedRowCounts(dataDir, states);
  counts.forEach((count, i) => {
    const before = i === 0 ? expectedRowCounts(dataDir, [{}])[0] : counts[i - 1];
    if (count === 0 || count === before) {
      throw new Error(`filter step ${i + 1} (${describe(FILTER_PLAN[i]!)}) leaves ${count} rows after ${before}: the seed no longer suits the plan (each step must change a non-empty answer)`);
    }
  });
  return counts;
}

/** The longest task the page's long-task observer saw since `since` (0 when none). */
async function longestTaskSince(page: Page, since: number): Promise<number> {
  return page.evaluate(
    (since) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((t) => t.start >= since).reduce((max, t) => Math.max(max, t.duration), 0),
    since,
  );
}

function describe(change: PatchFilterChange): string {
  return change.control === 'clear' ? 'clear' : `${change.control} "${change.value}"`;
}

/**
 * Types the edits at a steady pace, each keystroke timed in the page; checks that each one left the
 * verdict it should (invalid after the key, valid after Backspace), so a misplaced cursor fails the
 * bench instead of timing something else.
 */
async function typeInDraft(page: Page): Promise<KeystrokeTiming[]> {
  const lines = benchDraftText().split('\n');
  await page.click(`${PATCH_SELECTORS.editorRoot} .cm-content`);
  await installKeystrokeTimer(page);
  const wanted: ('valid' | 'invalid')[] = [];
  for (const edit of EDITS) {
    const line = lines.findIndex((text) => text.includes(edit.marker));
    if (line < 0) throw new Error(`the benchmark draft has no line with ${edit.marker}`);
    // Escape closes a completion list, which would otherwise take the arrow keys.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < line; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    for (let i = 0; i < edit.left; i++) await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < PAIRS_PER_EDIT; i++) {
      for (const key of [edit.key, 'Backspace']) {
        const started = performance.now();
        await page.keyboard.press(key);
        wanted.push(key === 'Backspace' ? 'valid' : 'invalid');
        await pause(Math.max(0, KEY_INTERVAL_MS - (performance.now() - started)));
      }
    }
  }
  const keys = await collectKeystrokes(page, wanted.length);
  if (keys.length !== wanted.length) throw new Error(`the editor saw ${keys.length} editing keystrokes, ${wanted.length} were typed`);
  keys.forEach((k, i) => {
    if (k.judgedRevision === k.revision && k.state !== wanted[i]) {
      throw new Error(`keystroke ${i + 1} ("${k.key}") left the draft ${k.state}, not ${wanted[i]}: the cursor was not where the benchmark put it`);
    }
  });
  return keys;
}
