import type { SecretStorageKind } from '../../../../src-shared/ipc/settings.js';
import { useIntl } from 'react-intl';

const TONES: Record<SecretStorageKind, 'ok' | 'warning'> = { 'os-encryption': 'ok', 'user-only-file': 'ok', 'plaintext-fallback': 'warning' };

/** Says plainly how backend tokens are stored, including when they are not protected. */
export function SecretStorageNotice({ kind }: { kind: SecretStorageKind }) {
  const intl = useIntl();
  const notice = { tone: TONES[kind], text: intl.formatMessage({ id: `settings.storage.${kind}` }) };
  return (
    <p className={`notice notice-${notice.tone}`} data-testid="secret-storage" data-kind={kind} role={notice.tone === 'warning' ? 'alert' : undefined}>
      {notice.text}
    </p>
  );
}
