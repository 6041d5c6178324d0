import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/*
 * The review queue's start must not wait for the screens' heavy libraries: CodeMirror (the diff views)
 * with the patch editor's JSON Schema tooling, and recharts (the overview) load with their screen, behind `React.lazy`. This follows the renderer's
 * static imports from its entry (dynamic `import()` is where a lazy chunk starts; type-only imports are
 * erased) and fails on any module reached that way importing one of those libraries.
 */
const renderer = fileURLToPath(new URL('../src-renderer/', import.meta.url));
const ENTRY = resolve(renderer, 'main.tsx');
const ON_DEMAND = /^(@codemirror\/|@lezer\/|codemirror-json-schema|json-schema-library|recharts(\/|$)|d3-)/;

/** The value imports and re-exports of a module (not `import type`, not dynamic `import()`). */
function staticImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && !statement.importClause?.isTypeOnly) {
      const named = statement.importClause?.namedBindings;
      const allTypes = !statement.importClause?.name && named && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly);
      if (!allTypes) found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && !statement.isTypeOnly) {
      found.push((statement.moduleSpecifier as ts.StringLiteral).text);
    }
  }
  return found;
}

function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.js$/, '.tsx'), `${base}.ts`, `${base}.tsx`];
  return candidates.find((path) => /\.tsx?$/.test(path) && existsSync(path)) ?? null;
}

/** Every module the entry reaches through static imports, with the packages each one imports. */
function startupGraph(entry: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (graph.has(file)) continue;
    const packages: string[] = [];
    for (const specifier of staticImports(file)) {
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        if (target) queue.push(target);
      } else packages.push(specifier);
    }
    graph.set(file, packages);
  }
  return graph;
}

describe('the renderer’s start-up chunk', () => {
  const graph = startupGraph(ENTRY);

  it('follows the imports from the entry through the app to the review queue', () => {
    expect(graph.has(resolve(renderer, 'app/App.tsx'))).toBe(true);
    expect(graph.has(resolve(renderer, 'features/healing-logs/components/HealingLogList.tsx'))).toBe(true);
  });

  it('reaches no CodeMirror or chart library without going through a lazy screen', () => {
    const eager = [...graph].flatMap(([file, packages]) =>
      packages.filter((name) => ON_DEMAND.test(name)).map((name) => `${relative(renderer, file)} imports ${name}`),
    );
    expect(eager).toEqual([]);
  });

  it('would catch a diff view or a chart imported statically', () => {
    const codeDiff = resolve(renderer, 'features/log-detail/components/CodeDiff.tsx');
    const chart = resolve(renderer, 'features/overview/components/CalibrationChart.tsx');
    expect(startupGraph(codeDiff).get(codeDiff)!.some((name) => ON_DEMAND.test(name))).toBe(true);
    expect(startupGraph(chart).get(chart)!.some((name) => ON_DEMAND.test(name))).toBe(true);
  });
});
