import type { SecretStorageKind } from '../../../../src-shared/ipc/settings.js';

const NOTICES: Record<SecretStorageKind, { tone: 'ok' | 'warning'; text: string }> = {
  'os-encryption': { tone: 'ok', text: 'Tokens are encrypted with your operating system’s keychain.' },
  'user-only-file': {
    tone: 'ok',
    text: 'Tokens are kept in a file that only your user account can read (this browser session never receives them).',
  },
  'plaintext-fallback': {
    tone: 'warning',
    text:
      'This system offers no keyring, so tokens are stored without encryption (only file permissions protect them). ' +
      'Install and unlock a keyring (for example GNOME Keyring or KWallet) and restart the console to protect them.',
  },
};

/** Says plainly how backend tokens are stored, including when they are not protected. */
export function SecretStorageNotice({ kind }: { kind: SecretStorageKind }) {
  const notice = NOTICES[kind];
  return (
    <p className={`notice notice-${notice.tone}`} data-testid="secret-storage" data-kind={kind} role={notice.tone === 'warning' ? 'alert' : undefined}>
      {notice.text}
    </p>
  );
}
