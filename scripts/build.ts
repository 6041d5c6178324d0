// Builds the console. `npm run build` builds main, preload and renderer (electron-vite);
// `--renderer` builds the renderer alone, which is all the browser shell needs; `--quiet` prints nothing
// but warnings (the browser shell's start says what it builds).
import { build, resolveConfig } from 'electron-vite';
import { build as viteBuild } from 'vite';
import { isEntryPoint, ROOT } from './paths.js';

/** Builds the renderer into out/renderer from the renderer section of electron.vite.config.ts. */
export async function buildRenderer(): Promise<void> {
  const { config } = await resolveConfig({ root: ROOT, logLevel: 'warn' }, 'build', 'production');
  if (!config?.renderer) throw new Error('electron.vite.config.ts has no renderer section');
  await viteBuild({ ...config.renderer, configFile: false, logLevel: 'warn' } as Parameters<typeof viteBuild>[0]);
}

/** Builds main, preload and renderer into out/. */
export async function buildAll(): Promise<void> {
  await build({ root: ROOT, logLevel: 'warn' });
}

if (isEntryPoint(import.meta.url)) {
  const rendererOnly = process.argv.includes('--renderer');
  const started = Date.now();
  await (rendererOnly ? buildRenderer() : buildAll());
  if (!process.argv.includes('--quiet')) {
    console.log(`Built ${rendererOnly ? 'the renderer' : 'the console'} into out/ in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}
