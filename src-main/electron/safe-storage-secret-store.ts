// Backend tokens in the desktop console: encrypted with Electron's safeStorage (the OS keychain) and
// kept in the same user-only file format as the browser shell's. On Linux without a keyring,
// safeStorage falls back to a fixed key ("basic_text"); the store then reports `plaintext-fallback`
// so the settings page says the tokens are not protected.
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { SecretStorageKind } from '../../src-shared/ipc/settings.js';
import { FileSecretStore, type SecretCodec } from '../services/secret-store.js';
import { TOKEN_FILE } from '../shell-common/data-dir.js';

/** The part of Electron's safeStorage the store uses. */
export type SafeStoragePort = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'> & {
  getSelectedStorageBackend?: SafeStorage['getSelectedStorageBackend'];
};

/**
 * What protection safeStorage really gives. Only meaningful after `app.whenReady()`: on Linux the
 * backend is chosen then.
 */
export function safeStorageKind(safeStorage: SafeStoragePort, platform: NodeJS.Platform = process.platform): SecretStorageKind {
  if (!safeStorage.isEncryptionAvailable()) return 'plaintext-fallback';
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text') return 'plaintext-fallback';
  return 'os-encryption';
}

/**
 * Encrypts tokens with safeStorage (base64 in the file). When encryption is not available at all
 * they are stored as they are, and the kind says so.
 */
export function safeStorageCodec(safeStorage: SafeStoragePort, platform: NodeJS.Platform = process.platform): SecretCodec {
  const kind = safeStorageKind(safeStorage, platform);
  if (!safeStorage.isEncryptionAvailable()) return { kind, encode: (token) => token, decode: (stored) => stored };
  return {
    kind,
    encode: (token) => safeStorage.encryptString(token).toString('base64'),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  };
}

/** The desktop console's token store, in `<dataDir>/backend-tokens.json`. Create it after app ready. */
export function createSafeStorageSecretStore(dataDir: string, safeStorage: SafeStoragePort): FileSecretStore {
  return new FileSecretStore(join(dataDir, TOKEN_FILE), safeStorageCodec(safeStorage));
}
