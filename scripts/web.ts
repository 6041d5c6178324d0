// `npm run web`: the browser shell. Builds the renderer when it is missing or out of date, then starts
// the console's main services in this Node process and serves the renderer on 127.0.0.1.
// Options: --port <n> (0 = any free port), --no-open, --data-dir <folder>.
import { main as runShell } from '../src-main/web/cli.js';
import { isStale } from './freshness.js';
import { isEntryPoint, RENDERER_OUTPUT, RENDERER_SOURCES } from './paths.js';

/** Runs the browser shell with the given command-line arguments. */
export async function runBrowserShell(args: readonly string[]): Promise<void> {
  if (isStale(RENDERER_OUTPUT, RENDERER_SOURCES)) {
    console.log('Building the console’s renderer (first start, or its sources changed)…');
    // Loaded only when needed: the build tools take a while to load.
    const { buildRenderer } = await import('./build.js');
    await buildRenderer();
  }
  await runShell(args);
}

if (isEntryPoint(import.meta.url)) await runBrowserShell(process.argv.slice(2));
