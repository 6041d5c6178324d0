// The browser shell's memory while the embedded demo runs with its traffic simulator, the console open
// in a browser page: the resident memory of the shell's process tree (see process-memory.ts) sampled
// every `sampleMs` from the shell's start to the end of the traffic; its peak is the figure held to a target.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { buildRenderer } from '../../scripts/build.js';
import { isStale } from '../../scripts/freshness.js';
import { RENDERER_OUTPUT, RENDERER_SOURCES } from '../../scripts/paths.js';
import { processTreeMemory, type ProcessMemory } from './process-memory.js';
import { SELECTORS } from './probes.js';
import { startShell } from './shell-process.js';

export interface DemoTrafficMemory {
  /** The peak of the first start, which creates the embedded database (PostgreSQL's initdb) and seeds it, in MiB. */
  firstStartPeakMb: number;
  /** The highest total over the phase, in MiB. */
  peakMb: number;
  /** The total at the end of the phase, in MiB. */
  endMb: number;
  /** How long the demo traffic ran while sampled. */
  durationMs: number;
  samples: number;
  /** Each process of the tree at the peak. */
  atPeak: ProcessMemory[];
}

const sum = (tree: ProcessMemory[]) => tree.reduce((total, p) => total + p.rssMb, 0);

/** Samples the resident memory of a process tree every `sampleMs` from now until `stop()`. */
function sampleTree(pid: number, sampleMs: number) {
  const state = { atPeak: [] as ProcessMemory[], peakMb: 0, endMb: 0, samples: 0 };
  const sample = () => {
    const tree = processTreeMemory(pid);
    state.endMb = sum(tree);
    state.samples++;
    if (state.endMb > state.peakMb) [state.peakMb, state.atPeak] = [state.endMb, tree];
  };
  sample();
  const timer = setInterval(sample, sampleMs);
  return {
    state,
    stop() {
      clearInterval(timer);
      sample();
      return state;
    },
  };
}

/**
 * Builds the renderer here when its sources changed since (the shell would build it in a child process
 * of its own, counted in its tree: a user's start after an update, not the running console's memory).
 */
async function ensureRendererBuilt(): Promise<void> {
  if (isStale(RENDERER_OUTPUT, RENDERER_SOURCES)) await buildRenderer();
}

/** Opens the console in a page of `browser` and waits until it is ready. */
async function openConsole(browser: Browser, url: string) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(url);
  await page.waitForSelector(SELECTORS.appReady, { timeout: 120_000 });
  return page;
}

/**
 * A first start on a fresh data folder (the embedded database created and seeded, its peak reported
 * apart), then a start on that folder, as every later start is, measured for `durationMs` of demo
 * traffic with the console open. Both are sampled from the shell's spawn (every quarter second while it
 * starts, where the peaks are short).
 */
export async function measureDemoTrafficMemory(browser: Browser, durationMs: number, sampleMs = 2_000): Promise<DemoTrafficMemory> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-bench-memory-'));
  try {
    let firstSampler: ReturnType<typeof sampleTree> | undefined;
    await ensureRendererBuilt();
    const first = await startShell(dataDir, { simulator: true, onSpawn: (pid) => (firstSampler = sampleTree(pid, sampleMs / 8)) });
    try {
      await (await openConsole(browser, first.openUrl)).close();
    } finally {
      await first.stop();
    }
    const firstStartPeakMb = firstSampler!.stop().peakMb;

    let sampler: ReturnType<typeof sampleTree> | undefined;
    await ensureRendererBuilt();
    const shell = await startShell(dataDir, { simulator: true, onSpawn: (pid) => (sampler = sampleTree(pid, sampleMs / 8)) });
    try {
      const page = await openConsole(browser, shell.openUrl);
      // Past the start, sampled at the regular pace.
      sampler!.stop();
      const startPeak = sampler!.state;
      sampler = sampleTree(shell.pid, sampleMs);
      const started = performance.now();
      for (let minute = 1; minute * 60_000 < durationMs; minute++) {
        await new Promise((resolve) => setTimeout(resolve, minute * 60_000 - (performance.now() - started)));
        console.log(`  demo traffic ${minute} min: ${Math.round(sampler.state.endMb)} MiB now, ${Math.round(Math.max(startPeak.peakMb, sampler.state.peakMb))} MiB peak`);
      }
      await new Promise((resolve) => setTimeout(resolve, durationMs - (performance.now() - started)));
      const traffic = sampler.stop();
      await page.close();
      const peak = traffic.peakMb >= startPeak.peakMb ? traffic : startPeak;
      return { firstStartPeakMb, peakMb: peak.peakMb, endMb: traffic.endMb, durationMs: performance.now() - started, samples: startPeak.samples + traffic.samples, atPeak: peak.atPeak };
    } finally {
      sampler?.stop();
      await shell.stop();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
