import type { Profile } from '../../../../src-shared/ipc/settings.js';
import { useIntl } from 'react-intl';
import { useDeleteProfileMutation, useSwitchProfileMutation } from '../mutations.js';
import { useProfileFormOpened } from '../editor-store.js';

/** The backend profiles with their actions: use, edit, delete. */
export function ProfileList({ profiles }: { profiles: Profile[] }) {
  const switchProfile = useSwitchProfileMutation();
  const deleteProfile = useDeleteProfileMutation();
  const formOpened = useProfileFormOpened();
  const intl = useIntl();

  return (
    <table className="profile-table" data-testid="profile-list">
      <thead>
        <tr>
          <th>{intl.formatMessage({ id: 'settings.list.name' })}</th>
          <th>{intl.formatMessage({ id: 'settings.list.backend' })}</th>
          <th>{intl.formatMessage({ id: 'settings.list.token' })}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {profiles.map((profile) => (
          <tr key={profile.id} data-testid="profile-row" data-profile-id={profile.id} data-active={profile.active}>
            <td>
              <span data-i18n-data>{profile.name}</span>
              {profile.active && <span className="badge badge-active">{intl.formatMessage({ id: 'settings.list.active' })}</span>}
              {profile.embedded && <span className="badge">{intl.formatMessage({ id: 'settings.list.demo' })}</span>}
            </td>
            <td className="mono" data-i18n-data>
              {profile.url}
            </td>
            <td>{intl.formatMessage({ id: `settings.token.${profile.embedded ? 'managed' : profile.hasToken ? 'stored' : 'none'}` })}</td>
            <td className="actions">
              <button
                type="button"
                data-testid="profile-use"
                disabled={profile.active || switchProfile.isPending}
                onClick={() => switchProfile.mutate(profile.id)}
              >
                {intl.formatMessage({ id: 'settings.list.use' })}
              </button>
              <button
                type="button"
                data-testid="profile-edit"
                disabled={profile.embedded}
                onClick={() => formOpened({ mode: 'edit', id: profile.id })}
              >
                {intl.formatMessage({ id: 'settings.list.edit' })}
              </button>
              <button
                type="button"
                data-testid="profile-delete"
                disabled={profile.active || profile.embedded || deleteProfile.isPending}
                onClick={() => {
                  if (window.confirm(intl.formatMessage({ id: 'settings.list.confirmDelete' }, { name: profile.name }))) {
                    deleteProfile.mutate(profile.id);
                  }
                }}
              >
                {intl.formatMessage({ id: 'settings.list.delete' })}
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
