import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * No words written in the renderer's JSX: text between tags and the labels a user reads or hears
 * (aria-label, title, placeholder, alt, aria-valuetext) come from the catalogs. The pseudo-locale spec
 * checks the screens it visits; this reads every component, states the spec does not reach included
 * (errors, empty views). Text without letters (a "×", a "·") and expressions are not words.
 */
const repo = fileURLToPath(new URL('../', import.meta.url));
const root = join(repo, 'src-renderer');
const components = (readdirSync(root, { recursive: true }) as string[])
  .filter((file) => file.endsWith('.tsx') && !file.endsWith('.test.tsx'))
  .map((file) => join(root, file));

const LABELS = new Set(['aria-label', 'title', 'placeholder', 'alt', 'aria-valuetext']);
const WORDS = /[A-Za-z]{2,}/;
/** An example address is data, the same in every language. */
const ADDRESS = /^[a-z][a-z0-9+.-]*:\/\/\S+$/i;

/** The words written in a component's JSX, each with where it is. */
function wordsIn(name: string, text: string): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (node: ts.Node) => `${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && WORDS.test(node.text)) found.push(`${where(node)} text "${node.text.trim().slice(0, 60)}"`);
    if (ts.isJsxAttribute(node) && LABELS.has(node.name.getText()) && node.initializer) {
      const value = node.initializer;
      const literal = ts.isStringLiteral(value) ? value : ts.isJsxExpression(value) && value.expression && ts.isStringLiteralLike(value.expression) ? value.expression : null;
      if (literal && WORDS.test(literal.text) && !ADDRESS.test(literal.text)) found.push(`${where(node)} ${node.name.getText()}="${literal.text.slice(0, 60)}"`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the words of the renderer', () => {
  it('reads the renderer components', () => {
    expect(components.length).toBeGreaterThan(20);
  });

  it('finds words written in JSX text and labels, and leaves symbols, expressions and addresses alone', () => {
    const component = `const a = <p title="Close it" placeholder="https://heal.example.com" aria-label={'Shown'}>Hello <b>{name}</b> ×</p>;`;
    expect(wordsIn('sample.tsx', component)).toEqual(['sample.tsx:1 title="Close it"', 'sample.tsx:1 aria-label="Shown"', 'sample.tsx:1 text "Hello"']);
  });

  it('has no words in its stylesheets: generated content with letters comes from an attribute the catalog fills', () => {
    const stylesheets = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file.endsWith('.css'));
    const found = stylesheets.flatMap((file) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .flatMap((line, index) => (/content:\s*(['"])[^'"]*[A-Za-z]{2,}[^'"]*\1/.test(line) ? [`src-renderer/${file}:${index + 1} ${line.trim()}`] : [])),
    );
    expect(stylesheets.length).toBeGreaterThan(0);
    expect(found, `words written in CSS content:\n${found.join('\n')}`).toEqual([]);
  });

  it('has no words written in a component: they come from the catalogs', () => {
    const found = components.flatMap((path) => wordsIn(relative(repo, path), readFileSync(path, 'utf8')));
    expect(found, `words written in JSX instead of a catalog message:\n${found.join('\n')}`).toEqual([]);
  });
});
