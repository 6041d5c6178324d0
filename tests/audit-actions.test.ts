import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../src-shared/domain/audit-actions.js';
import { WORDED_ACTIONS } from '../src-renderer/features/log-detail/audit-sentences.js';

/** Every `'a.b'` code written on a line that sets an audit entry's `action`, in the server's sources. */
function codesTheServerWrites(): Set<string> {
  const codes = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const line of readFileSync(path, 'utf8').split('\n')) {
          if (!/\baction:/.test(line)) continue;
          for (const match of line.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) codes.add(match[1]!);
        }
      }
    }
  };
  walk(join(import.meta.dirname, '..', 'src-server'));
  return codes;
}

describe('the audit action codes', () => {
  it('lists every code the server writes, and the console words every listed code', () => {
    const written = codesTheServerWrites();
    expect(written.size).toBeGreaterThan(20);
    expect([...written].filter((code) => !(AUDIT_ACTIONS as readonly string[]).includes(code))).toEqual([]);
    expect([...AUDIT_ACTIONS].sort()).toEqual([...WORDED_ACTIONS].sort());
    expect([...written].sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});
