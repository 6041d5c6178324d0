import { useNoticeDismissed, useNotices } from '../infra/notice-store.js';

/** Errors and confirmations raised by actions, newest last. */
export function Notices() {
  const notices = useNotices();
  const dismissed = useNoticeDismissed();
  if (notices.length === 0) return null;
  return (
    <div className="notices" aria-live="polite">
      {notices.map((notice) => (
        <div key={notice.id} className={`notice notice-${notice.tone}`} data-testid={`notice-${notice.tone}`} data-topic={notice.topic}>
          <span>{notice.text}</span>
          <button type="button" aria-label="Dismiss" onClick={() => dismissed(notice.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
