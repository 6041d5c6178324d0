import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { symbolBlockOf } from './e2e/support/symbol-blocks.js';

/*
 * The console draws symbols with the SVG icons of src-renderer/shared/components/icons.tsx, never as
 * text: a system without a font for them shows an empty box. The end-to-end accessibility spec checks
 * the screens it visits; this checks every string and stylesheet, states the spec does not reach included.
 */
const root = fileURLToPath(new URL('../src-renderer/', import.meta.url));
const sources = (readdirSync(root, { recursive: true }) as string[])
  .filter((file) => /\.(tsx?|css)$/.test(file) && !/\.test\.tsx?$/.test(file))
  .map((file) => join(root, file));

/** The source without its comments (a comment may name a glyph to explain why it is not used). */
const withoutComments = (source: string) => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

function symbolsIn(source: string): string[] {
  return withoutComments(source)
    .split('\n')
    .flatMap((line, index) => [...line].filter((char) => symbolBlockOf(char) !== null).map((char) => `line ${index + 1}: "${char}" (${symbolBlockOf(char)})`));
}

describe('the glyphs of the renderer', () => {
  it('reads the renderer sources', () => {
    expect(sources.length).toBeGreaterThan(20);
  });

  it('shows no symbol as text in any component or stylesheet', () => {
    const found = sources.flatMap((file) => symbolsIn(readFileSync(file, 'utf8')).map((where) => `${relative(root, file)} ${where}`));
    expect(found).toEqual([]);
  });

  it('would catch a symbol in JSX text or CSS content, and lets ordinary text and comments through', () => {
    expect(symbolsIn("<span>⏳ queued</span>\n.x::before { content: '⚠'; }")).toHaveLength(2);
    expect(symbolsIn("// ⦚ in a comment\n<p>Réessayer… — ≥ 85 % × 2 · 3–4</p>")).toEqual([]);
  });
});
