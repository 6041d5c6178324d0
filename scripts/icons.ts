// `npm run icons`: renders the app icon (resources/icon.svg, the one source) into the PNG sizes, the
// Windows ICO and the macOS ICNS under resources/icons/. The outputs are committed: the desktop window,
// packagers and the browser shell use them without a build step; tests/app-icon.test.ts fails when
// they no longer match the SVG.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import png2icons from 'png2icons';
import { isEntryPoint } from './paths.js';
import { fileURLToPath } from 'node:url';

export const RESOURCES_DIR = fileURLToPath(new URL('../resources/', import.meta.url));
export const ICON_SVG = join(RESOURCES_DIR, 'icon.svg');
export const ICONS_DIR = join(RESOURCES_DIR, 'icons');
/** Every size a desktop, a taskbar, a browser tab or a store asks for. */
export const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024] as const;

/** The SVG as a square PNG of `size` pixels. */
export function renderPng(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng());
}

/** Every generated file, by name under resources/icons/. */
export function generateIcons(svg: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const size of PNG_SIZES) files.set(`icon-${size}.png`, renderPng(svg, size));
  const largest = files.get('icon-1024.png')!;
  const ico = png2icons.createICO(largest, png2icons.BICUBIC, 0, false, true);
  const icns = png2icons.createICNS(largest, png2icons.BICUBIC, 0);
  if (!ico || !icns) throw new Error('png2icons could not convert resources/icon.svg’s 1024 px rendering');
  files.set('icon.ico', ico);
  files.set('icon.icns', icns);
  return files;
}

if (isEntryPoint(import.meta.url)) {
  mkdirSync(ICONS_DIR, { recursive: true });
  for (const [name, bytes] of generateIcons(readFileSync(ICON_SVG, 'utf8'))) writeFileSync(join(ICONS_DIR, name), bytes);
  console.log(`App icon: ${PNG_SIZES.length} PNG sizes, icon.ico and icon.icns written to resources/icons/`);
}
