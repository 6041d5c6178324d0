import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PALETTES, TEXT_PAIRS, type Palette } from '../src-renderer/shared/theme/palette.js';

/*
 * Every colour the console paints is a palette token, so that palette.test.ts's contrast checks cover
 * what is on screen: a colour written straight into a stylesheet or a component escapes them (the
 * dark theme's notices were once fixed colours under a media query that ignored the user's choice).
 */
const root = fileURLToPath(new URL('../src-renderer/', import.meta.url));
const files = (readdirSync(root, { recursive: true }) as string[]).map((file) => join(root, file));
const stylesheets = files.filter((file) => file.endsWith('.css'));
const components = files.filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.endsWith('palette.ts'));

const COLOUR_PROPERTY = /^(color|background(-color)?|border(-\w+)*(-color)?|outline(-color)?|box-shadow|fill|stroke|accent-color|caret-color|text-decoration(-color)?)$/;
const COLOUR_LITERAL = /#[0-9a-f]{3,8}\b|\b(rgba?|hsla?|oklch|lab|lch)\(|\b(white|black|red|green|blue|gray|grey|orange|yellow|purple|pink|navy|silver)\b/i;
const TOKENS = new Set(Object.keys(PALETTES.light));

/** The declarations of each rule of a stylesheet, comments removed (flat rules and one level of @media/@container). */
function rules(css: string): Array<{ selector: string; declarations: Array<[property: string, value: string]> }> {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return [...text.matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((match) => ({
    selector: match[1]!.trim().replace(/^@[^{]*\{/, ''),
    declarations: match[2]!
      .split(';')
      .map((declaration) => declaration.split(':'))
      .filter((parts) => parts.length >= 2)
      .map(([property, ...value]) => [property!.trim(), value.join(':').trim()] as [string, string]),
  }));
}

const tokensIn = (value: string) => [...value.matchAll(/var\(--([\w-]+)\)/g)].map((match) => match[1]!);

describe('the colours of the stylesheets and components', () => {
  it('finds the stylesheets it checks', () => {
    expect(stylesheets.map((file) => relative(root, file))).toEqual(expect.arrayContaining(['styles.css', 'features/theme/theme.css']));
  });

  it('writes no colour literal in a stylesheet: every colour is a palette token', () => {
    // A modal's `::backdrop` only dims the page behind it: neither text nor a mark is drawn in its colour.
    const literals = stylesheets.flatMap((file) =>
      rules(readFileSync(file, 'utf8')).flatMap(({ selector, declarations }) =>
        declarations
          .filter(() => !selector.endsWith('::backdrop')).filter(([property, value]) => COLOUR_PROPERTY.test(property) && COLOUR_LITERAL.test(value)).map(([property, value]) => `${relative(root, file)}: ${selector} { ${property}: ${value} }`),
      ),
    );
    expect(literals).toEqual([]);
  });

  it('names only tokens the palette defines', () => {
    const unknown = stylesheets.flatMap((file) =>
      rules(readFileSync(file, 'utf8')).flatMap(({ selector, declarations }) =>
        declarations
          .filter(([property]) => COLOUR_PROPERTY.test(property))
          .flatMap(([, value]) => tokensIn(value))
          .filter((token) => !TOKENS.has(token))
          .map((token) => `${relative(root, file)}: ${selector} uses --${token}`),
      ),
    );
    expect(unknown).toEqual([]);
  });

  it('puts text only on backgrounds whose pair palette.test.ts checks', () => {
    const checked = new Set(TEXT_PAIRS.map(([fg, bg]) => `${fg}/${bg}`));
    const unchecked = stylesheets.flatMap((file) =>
      rules(readFileSync(file, 'utf8')).flatMap(({ selector, declarations }) => {
        const ink = declarations.find(([property]) => property === 'color')?.[1];
        const ground = declarations.find(([property]) => property === 'background' || property === 'background-color')?.[1];
        const [fg, bg] = [tokensIn(ink ?? '')[0], tokensIn(ground ?? '')[0]];
        return fg && bg && !checked.has(`${fg}/${bg}`) ? [`${relative(root, file)}: ${selector} puts --${fg} on --${bg}`] : [];
      }),
    );
    expect(unchecked).toEqual([]);
  });

  it('writes no colour literal in a component or a chart: they read the palette', () => {
    const literals = components.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, index }))
        .filter(({ line }) => /['"`](#[0-9a-f]{3,8}|rgba?\()/i.test(line))
        .map(({ index }) => `${relative(root, file)}:${index + 1}`),
    );
    expect(literals).toEqual([]);
  });

  it('would catch a colour literal and an unchecked pair', () => {
    const [rule] = rules('.x { color: #fff; background: var(--bad-soft); }');
    expect(COLOUR_LITERAL.test(rule!.declarations[0]![1])).toBe(true);
    expect(TEXT_PAIRS.some(([fg, bg]) => fg === ('muted' satisfies keyof Palette) && bg === 'bad-soft')).toBe(false);
  });
});
