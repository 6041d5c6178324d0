import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateIcons, ICON_SVG, ICONS_DIR, PNG_SIZES } from '../scripts/icons.js';

/** A PNG's width and height, from its IHDR chunk. */
const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe('the app icon', () => {
  const generated = generateIcons(readFileSync(ICON_SVG, 'utf8'));

  it('has every PNG size from 16 to 1024 px, square, plus an ICO and an ICNS', () => {
    for (const size of PNG_SIZES) expect(pngSize(generated.get(`icon-${size}.png`)!)).toEqual({ width: size, height: size });
    expect(generated.get('icon.ico')!.readUInt16LE(2)).toBe(1); // ICONDIR type 1: an icon
    expect(generated.get('icon.icns')!.subarray(0, 4).toString('latin1')).toBe('icns');
  });

  it('matches the committed files in resources/icons (run `npm run icons` after editing resources/icon.svg)', () => {
    for (const [name, bytes] of generated) {
      expect(readFileSync(join(ICONS_DIR, name)).equals(bytes), `resources/icons/${name} is out of date`).toBe(true);
    }
  });
});
