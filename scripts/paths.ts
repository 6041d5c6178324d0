// Where the launchers find the project and what each build output is made from.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project folder. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The renderer build the browser shell serves, and its sources. */
export const RENDERER_OUTPUT = join(ROOT, 'out', 'renderer', 'index.html');
export const RENDERER_SOURCES = ['src-renderer', 'src-shared', 'electron.vite.config.ts', 'package-lock.json'].map((p) => join(ROOT, p));

/** The Electron main-process entry, and the sources of the whole desktop build. */
export const DESKTOP_OUTPUT = join(ROOT, 'out', 'main', 'main.js');
export const DESKTOP_SOURCES = ['src-main', 'src-server', 'src-shared', 'src-renderer', 'electron.vite.config.ts', 'package-lock.json'].map((p) =>
  join(ROOT, p),
);

/** True when this module is the script Node was started with. */
export function isEntryPoint(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && fileURLToPath(moduleUrl) === process.argv[1];
}
