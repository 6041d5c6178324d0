import { useIntl } from 'react-intl';
import type { SyncStatus } from '../../../../src-shared/ipc/model.js';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import { backendProblemText } from '../../../shared/backend-choice/backend-problem-text.js';
import { usePageSelected } from '../../../shared/navigation-store.js';
import './sync-backend.css';

/**
 * Which backend the console is on (the embedded demo, or the profile's name and address) and, while
 * offline or refused, why and since when, with the way to Settings to change it.
 */
export function SyncBackend({ status }: { status: SyncStatus }) {
  const intl = useIntl();
  const pageSelected = usePageSelected();
  const { profile, offline } = status;
  if (!profile) return null;
  return (
    <>
      <span className="muted" data-testid="sync-backend" data-embedded={profile.embedded === true} title={profile.url}>
        {profile.embedded
          ? intl.formatMessage({ id: 'syncStatus.backend.demo' })
          : intl.formatMessage({ id: 'syncStatus.backend.profile' }, { name: profile.name, url: profile.url })}
      </span>
      {offline && (
        <span className="error" data-testid="sync-offline-reason" data-failure={offline.problem.failure} title={intl.formatMessage({ id: 'syncStatus.backend.detail' }, { detail: offline.problem.detail })}>
          {intl.formatMessage(
            { id: 'syncStatus.backend.offlineSince' },
            { connectivity: status.connectivity, since: formatDate(intl.locale, offline.since, 'time'), reason: backendProblemText(intl, offline.problem) },
          )}
        </span>
      )}
      {(status.connectivity === 'offline' || offline) && (
        <button type="button" className="link-button" data-testid="sync-open-settings" onClick={() => pageSelected('settings')}>
          {intl.formatMessage({ id: 'syncStatus.backend.settings' })}
        </button>
      )}
    </>
  );
}
