// `npm run bench:ui`: the review console with 100,000 cached logs, in Chromium through the browser
// shell with an unreachable backend (everything is read from the local cache). Measures launch to an
// interactive review queue, a filter change to updated rows, and long tasks while scrolling the table
// fast (four windows per frame, where rows are skimmed) and, for 15 s, at reading speed (whole rows).
// Then the patch screens over 5,000 cached SDK patches (see patches-phase.ts): a filter change to
// updated rows on the Patches screen, and a keystroke to the editor's verdict on a 500-line draft.
// Then the memory phase: a shell on the embedded demo with its traffic simulator and the console open, for
// 5 minutes; `shell_rss_mb` is the peak resident memory of the shell's process tree (its Node process,
// which runs the console's services and the embedded backend with PGlite, and any child it started),
// from its start on a data folder whose embedded database exists; the first start, which creates it,
// is reported apart (`firstStartRssMb`, not a target).
// Options: --logs <n> (default 100000), --runs <n> filter changes (default 6), --patches <n> (default
// 5000), --traffic-minutes <n> (default 5; shorter only for local trials: the phase's own target then
// fails), --memory-only, --patches-only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { buildRenderer } from '../../scripts/build.js';
import { report } from '../support/report.js';
import { isStale } from '../../scripts/freshness.js';
import { RENDERER_OUTPUT, RENDERER_SOURCES } from '../../scripts/paths.js';
import { measureDemoTrafficMemory } from './demo-traffic-memory.js';
import { patchScreensPhase } from './patches-phase.js';
import { installLongTaskObserver, scrollWholeTable, showAllLogs, timeFilterChange, timeToInteractiveQueue } from './probes.js';
import { seedCache } from './seed-cache.js';
import { startShell } from './shell-process.js';

const TARGETS = { launchToInteractiveMs: 1500, filterToRowsMs: 100, scrollMaxLongTaskMs: 50, shellRssMb: 450, trafficMs: 5 * 60_000, patchesFilterMs: 100, editorKeystrokeP95Ms: 50 };
const PATCH_TARGETS = {
  patchesFilterMs: `<= ${TARGETS.patchesFilterMs}`,
  editorKeystrokeP95Ms: `<= ${TARGETS.editorKeystrokeP95Ms}`,
} as const;
const MEMORY_TARGETS = {
  shell_rss_mb: `<= ${TARGETS.shellRssMb}`,
  demoTrafficMs: `>= ${TARGETS.trafficMs}`,
} as const;
const BENCH_TARGETS = {
  ...MEMORY_TARGETS,
  ...PATCH_TARGETS,
  launchToInteractiveMs: `<= ${TARGETS.launchToInteractiveMs}`,
  filterToRowsMs: `<= ${TARGETS.filterToRowsMs}`,
  scrollMaxLongTaskMs: `<= ${TARGETS.scrollMaxLongTaskMs}`,
  scrollReachedEnd: '>= 1',
} as const;
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

const { values } = parseArgs({
  options: {
    logs: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '6' },
    'traffic-minutes': { type: 'string', default: '5' },
    patches: { type: 'string', default: '5000' },
    'memory-only': { type: 'boolean', default: false },
    'patches-only': { type: 'boolean', default: false },
  },
});
const logs = Number(values.logs);
const runs = Number(values.runs);
const patches = Number(values.patches);
const trafficMs = Number(values['traffic-minutes']) * 60_000;
if (!(Number.isInteger(patches) && patches > 0)) throw new Error(`--patches must be a positive whole number, not "${values.patches}"`);
if (values['memory-only'] && values['patches-only']) throw new Error('--memory-only and --patches-only each run one phase: give one of them');
if (!(trafficMs > 0)) throw new Error(`--traffic-minutes must be a positive number, not "${values['traffic-minutes']}"`);
const round = (ms: number) => Math.round(ms * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (isStale(RENDERER_OUTPUT, RENDERER_SOURCES)) {
  console.log('building the renderer…');
  await buildRenderer();
}

/** The review queue over `logs` cached logs, the backend unreachable: launch, filter and scroll times. */
async function reviewQueuePhase(browser: Browser): Promise<Record<string, number>> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-bench-ui-'));
  const seeded = performance.now();
  await seedCache(dataDir, logs);
  console.log(`seeded ${logs.toLocaleString('en-US')} logs into the cache in ${round(performance.now() - seeded)} ms`);
  const shell = await startShell(dataDir);
  try {
    console.log(`browser shell up in ${round(shell.startMs)} ms (process start to address; not a target)`);
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await installLongTaskObserver(page);

    // Warm load: the browser's first start and the renderer files' first read are not the console's.
    await page.goto(shell.openUrl);
    await timeToInteractiveQueue(page, 60_000);
    const launches: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto('about:blank');
      await page.goto(shell.openUrl);
      launches.push(await timeToInteractiveQueue(page, 60_000));
    }
    const launch = median(launches);
    console.log(`launch to interactive review queue: ${round(launch)} ms (median of ${launches.map(round).join(', ')}; target ≤ ${TARGETS.launchToInteractiveMs})`);

    const filterTimes: number[] = [];
    for (let i = 0; i < runs; i++) filterTimes.push(await timeFilterChange(page, i % 2 === 0 ? 'critical' : 'low'));
    const filter = median(filterTimes);
    console.log(`filter change to updated rows: ${round(filter)} ms median, ${round(Math.max(...filterTimes))} ms max (${filterTimes.map(round).join(', ')}; target ≤ ${TARGETS.filterToRowsMs})`);

    // The full table: every cached log, no filter.
    await showAllLogs(page);
    const scroll = await scrollWholeTable(page, 4, 180_000);
    console.log(
      `scrolling the full table: ${scroll.longTasks} long tasks, longest ${round(scroll.maxLongTaskMs)} ms (target: none over ${TARGETS.scrollMaxLongTaskMs}); ` +
        `${scroll.frames} frames over ${round(scroll.durationMs)} ms, ${scroll.scrolledPx.toLocaleString('en-US')} px, longest frame gap ${round(scroll.maxFrameGapMs)} ms${scroll.reachedEnd ? '' : ' (time limit reached before the last row)'}`,
    );

    // The same table at reading speed (half a window per frame, for 15 s): whole rows all the way, where
    // the fast scroll above skims them (see LogTable). Printed, not a target.
    const reading = await scrollWholeTable(page, 0.5, 15_000);
    console.log(`reading scroll (whole rows): ${reading.longTasks} long tasks, longest ${round(reading.maxLongTaskMs)} ms; ${reading.frames} frames over ${round(reading.durationMs)} ms, longest frame gap ${round(reading.maxFrameGapMs)} ms`);

    return {
      logs,
      shellStartMs: round(shell.startMs),
      launchToInteractiveMs: round(launch),
      filterToRowsMs: round(filter),
      filterToRowsMaxMs: round(Math.max(...filterTimes)),
      scrollLongTasks: scroll.longTasks,
      scrollMaxLongTaskMs: round(scroll.maxLongTaskMs),
      scrollFrames: scroll.frames,
      scrollDurationMs: round(scroll.durationMs),
      scrollMaxFrameGapMs: round(scroll.maxFrameGapMs),
      scrollReachedEnd: scroll.reachedEnd ? 1 : 0,
      readingScrollLongTasks: reading.longTasks,
      readingScrollMaxLongTaskMs: round(reading.maxLongTaskMs),
      readingScrollMaxFrameGapMs: round(reading.maxFrameGapMs),
    };
  } finally {
    await shell.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The embedded demo with its traffic for `trafficMs`: the shell's peak resident memory. */
async function memoryPhase(browser: Browser): Promise<Record<string, number>> {
  console.log(`memory: the embedded demo with its traffic for ${round(trafficMs / 60_000)} min${trafficMs < TARGETS.trafficMs ? ' (shortened: a local trial, not a measurement)' : ''}…`);
  const memory = await measureDemoTrafficMemory(browser, trafficMs);
  for (const p of memory.atPeak) console.log(`  at the peak: ${Math.round(p.rssMb)} MiB  pid ${p.pid}  ${p.command.slice(0, 100)}`);
  if (memory.atPeak.some((p) => p.command.includes('scripts/build.ts'))) {
    console.log('  (the shell was building the renderer at the peak: its sources changed during the bench; run it again on a quiet work tree)');
  }
  return {
    shell_rss_mb: Math.round(memory.peakMb),
    shellRssEndMb: Math.round(memory.endMb),
    firstStartRssMb: Math.round(memory.firstStartPeakMb),
    demoTrafficMs: Math.round(memory.durationMs),
    memorySamples: memory.samples,
  };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
try {
  const only = values['memory-only'] ? 'memory' : values['patches-only'] ? 'patches' : null;
  const metrics = {
    ...(only === null ? await reviewQueuePhase(browser) : {}),
    ...(only === null || only === 'patches' ? await patchScreensPhase(browser, { patches }) : {}),
    ...(only === null || only === 'memory' ? await memoryPhase(browser) : {}),
  };
  const targets = only === 'memory' ? MEMORY_TARGETS : only === 'patches' ? PATCH_TARGETS : BENCH_TARGETS;
  const met = report('ui', metrics, targets);
  if (!met) process.exitCode = 1;
} finally {
  await browser.close();
}
