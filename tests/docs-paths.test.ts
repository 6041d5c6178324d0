import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// docs/architecture.md names files by path; a path that no longer exists makes the map lie.
const root = fileURLToPath(new URL('..', import.meta.url));
const doc = readFileSync(new URL('../docs/architecture.md', import.meta.url), 'utf8');
const paths = [...doc.matchAll(/`((?:src-[a-z]+|docs)\/[^`\s]*)`/g)].map((match) => match[1]!);

describe('docs/architecture.md', () => {
  it('names at least the layers it maps', () => {
    expect(paths.length).toBeGreaterThan(20);
  });

  it('names only paths that exist', () => {
    expect(paths.filter((path) => !existsSync(`${root}${path}`))).toEqual([]);
  });
});
