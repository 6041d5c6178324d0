import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { SECURE_WEB_PREFERENCES } from '../shell-common/security.js';

// window.ts cannot be imported without the Electron binary, so its source is read the way the
// security scanner reads it: the literal preferences passed to `new BrowserWindow`.
function literalWebPreferences(): Record<string, unknown> {
  const file = new URL('./window.ts', import.meta.url);
  const source = ts.createSourceFile('window.ts', readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: Record<string, unknown>[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isNewExpression(node) && node.expression.getText() === 'BrowserWindow') {
      const options = node.arguments?.[0];
      if (!options || !ts.isObjectLiteralExpression(options)) throw new Error('BrowserWindow options must be a literal');
      for (const property of options.properties) {
        if (!ts.isPropertyAssignment(property) || property.name.getText() !== 'webPreferences') continue;
        if (!ts.isObjectLiteralExpression(property.initializer)) throw new Error('webPreferences must be a literal');
        const values: Record<string, unknown> = {};
        for (const entry of property.initializer.properties) {
          if (!ts.isPropertyAssignment(entry)) throw new Error(`webPreferences entry ${entry.getText()} is not a plain property`);
          const value = entry.initializer;
          values[entry.name.getText()] =
            value.kind === ts.SyntaxKind.TrueKeyword
              ? true
              : value.kind === ts.SyntaxKind.FalseKeyword
                ? false
                : ts.isStringLiteral(value)
                  ? value.text
                  : value.getText();
        }
        found.push(values);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (found.length !== 1) throw new Error(`expected one BrowserWindow with webPreferences, found ${found.length}`);
  return found[0]!;
}

describe('the main window', () => {
  it('is created with exactly the secure preferences, plus its preload', () => {
    const { preload, ...rest } = literalWebPreferences();
    expect(preload).toBe('preloadPath');
    expect(rest).toEqual(SECURE_WEB_PREFERENCES);
  });
});
