import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSecretStore } from './secret-store.js';

describe('file secret store', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'molam-secrets-test-'));
    dirs.push(dir);
    return join(dir, 'nested', 'tokens.json');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tokens in a file only its user can read, and forgets removed ones', async () => {
    const file = tempFile();
    const store = new FileSecretStore(file);
    expect(store.kind).toBe('user-only-file');
    expect(await store.load('a')).toBeUndefined();
    await store.save('a', 'token-a');
    await store.save('b', 'token-b');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(file, '..')).mode & 0o077).toBe(0);
    expect(await new FileSecretStore(file).load('a')).toBe('token-a');
    await store.remove('a');
    expect(await store.load('a')).toBeUndefined();
    expect(await store.load('b')).toBe('token-b');
  });

  it('does not lose a token when saves overlap', async () => {
    const store = new FileSecretStore(tempFile());
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.save(`p${i}`, `t${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.load(`p${i}`)).toBe(`t${i}`);
  });

  it('writes only what its codec produces (the desktop shell plugs safeStorage in here)', async () => {
    const file = tempFile();
    const reversed = (s: string) => [...s].reverse().join('');
    const store = new FileSecretStore(file, { kind: 'os-encryption', encode: reversed, decode: reversed });
    await store.save('a', 'plain-token');
    expect(readFileSync(file, 'utf8')).not.toContain('plain-token');
    expect(await store.load('a')).toBe('plain-token');
    expect(store.kind).toBe('os-encryption');
  });
});
