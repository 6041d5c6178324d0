// `npm run web`: the browser shell. Builds the renderer when it is missing or out of date, then starts
// the console's main services in this Node process and serves the renderer on 127.0.0.1.
// Options: --port <n> (0 = any free port), --no-open, --data-dir <folder>.
import { spawn } from 'node:child_process';
import { main as runShell } from '../src-main/web/cli.js';
import { isStale } from './freshness.js';
import { isEntryPoint, RENDERER_OUTPUT, RENDERER_SOURCES, ROOT } from './paths.js';

/**
 * Builds the renderer in a process of its own: Vite, Rollup and esbuild's services would otherwise stay
 * in the shell's memory (about 350 MB) for as long as it runs.
 */
function buildRendererApart(): Promise<void> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build.ts', '--renderer', '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`building the renderer failed (${signal ?? `exit code ${code}`})`))));
  });
}

/** Runs the browser shell with the given command-line arguments. */
export async function runBrowserShell(args: readonly string[]): Promise<void> {
  if (isStale(RENDERER_OUTPUT, RENDERER_SOURCES)) {
    console.log('Building the console’s renderer (first start, or its sources changed)…');
    await buildRendererApart();
  }
  await runShell(args);
}

if (isEntryPoint(import.meta.url)) await runBrowserShell(process.argv.slice(2));
