// The browser shell's memory while the embedded demo runs with its traffic simulator, the console open
// in a browser page: the resident memory of the shell's process tree (see process-memory.ts) sampled
// every `sampleMs` for the whole phase; its peak is the figure held to a target.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { processTreeMemory, type ProcessMemory } from './process-memory.js';
import { SELECTORS } from './probes.js';
import { startShell } from './shell-process.js';

export interface DemoTrafficMemory {
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

/** Starts a shell on a fresh data folder with the embedded demo and its traffic, and samples its memory. */
export async function measureDemoTrafficMemory(browser: Browser, durationMs: number, sampleMs = 2_000): Promise<DemoTrafficMemory> {
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-bench-memory-'));
  const shell = await startShell(dataDir, { simulator: true });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  try {
    await page.goto(shell.openUrl);
    await page.waitForSelector(SELECTORS.appReady, { timeout: 60_000 });
    let atPeak: ProcessMemory[] = [];
    let peakMb = 0;
    let endMb = 0;
    let samples = 0;
    const started = performance.now();
    const progressEvery = 60_000;
    let nextProgress = progressEvery;
    for (;;) {
      const tree = processTreeMemory(shell.pid);
      endMb = sum(tree);
      samples++;
      if (endMb > peakMb) [peakMb, atPeak] = [endMb, tree];
      const elapsed = performance.now() - started;
      if (elapsed >= nextProgress) {
        console.log(`  demo traffic ${Math.round(elapsed / 1000)} s: ${Math.round(endMb)} MiB now, ${Math.round(peakMb)} MiB peak`);
        nextProgress += progressEvery;
      }
      if (elapsed >= durationMs) return { peakMb, endMb, durationMs: elapsed, samples, atPeak };
      await new Promise((resolve) => setTimeout(resolve, Math.min(sampleMs, durationMs - elapsed)));
    }
  } finally {
    await page.close();
    await shell.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
