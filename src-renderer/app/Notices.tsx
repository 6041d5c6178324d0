import { useIntl } from 'react-intl';
import { useNoticeDismissed, useNotices } from '../infra/notice-store.js';

/**
 * Errors and confirmations raised by actions, newest last. The live region is there before the first
 * notice (a region created with its text is often not announced); empty, it takes no room.
 */
export function Notices() {
  const intl = useIntl();
  const notices = useNotices();
  const dismissed = useNoticeDismissed();
  return (
    <div className="notices" aria-live="polite" style={notices.length === 0 ? { margin: 0 } : undefined}>
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`} data-testid={`notice-${notice.tone}`} data-topic={notice.topic}>
          <span>{notice.text}</span>
          <button type="button" aria-label={intl.formatMessage({ id: 'app.notice.dismiss' })} onClick={() => dismissed(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
