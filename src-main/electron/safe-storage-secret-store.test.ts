import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TOKEN_FILE } from '../shell-common/data-dir.js';
import { createSafeStorageSecretStore, safeStorageKind, type SafeStoragePort } from './safe-storage-secret-store.js';

// Electron's safeStorage needs the Electron binary; this stand-in has its shape and a reversible
// cipher, so the file format, the permissions and the reported kind are checked for real.
function safeStorage(options: { available: boolean; backend?: ReturnType<NonNullable<SafeStoragePort['getSelectedStorageBackend']>> }): SafeStoragePort {
  const flip = (bytes: Buffer) => Buffer.from(bytes.map((b) => b ^ 0x5a));
  return {
    isEncryptionAvailable: () => options.available,
    encryptString: (text) => flip(Buffer.from(`enc:${text}`, 'utf8')),
    decryptString: (data) => flip(data).toString('utf8').replace(/^enc:/, ''),
    ...(options.backend ? { getSelectedStorageBackend: () => options.backend! } : {}),
  };
}

const folders: string[] = [];
const dataDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'molam-safe-storage-'));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the desktop token store', () => {
  it('reports OS encryption with a keyring, and the plain-text fallback with Linux’s basic_text', () => {
    expect(safeStorageKind(safeStorage({ available: true, backend: 'gnome_libsecret' }), 'linux')).toBe('os-encryption');
    expect(safeStorageKind(safeStorage({ available: true, backend: 'basic_text' }), 'linux')).toBe('plaintext-fallback');
    expect(safeStorageKind(safeStorage({ available: true }), 'darwin')).toBe('os-encryption');
    expect(safeStorageKind(safeStorage({ available: false }), 'win32')).toBe('plaintext-fallback');
  });

  it('writes tokens encrypted, to a file only the user can read, and reads them back', async () => {
    const dir = dataDir();
    const store = createSafeStorageSecretStore(dir, safeStorage({ available: true, backend: 'kwallet5' }));
    await store.save('profile-1', 'secret-token-value');
    const file = join(dir, TOKEN_FILE);
    expect(readFileSync(file, 'utf8')).not.toContain('secret-token-value');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await expect(store.load('profile-1')).resolves.toBe('secret-token-value');
    await store.remove('profile-1');
    await expect(store.load('profile-1')).resolves.toBeUndefined();
  });

  it('says the token is unprotected when it has to store it as it is', async () => {
    const dir = dataDir();
    const store = createSafeStorageSecretStore(dir, safeStorage({ available: false }));
    expect(store.kind).toBe('plaintext-fallback');
    await store.save('profile-1', 'plain-token');
    await expect(store.load('profile-1')).resolves.toBe('plain-token');
  });
});
