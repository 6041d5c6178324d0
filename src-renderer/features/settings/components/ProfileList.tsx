import type { Profile } from '../../../../src-shared/ipc/settings.js';
import { useDeleteProfileMutation, useSwitchProfileMutation } from '../mutations.js';
import { useProfileFormOpened } from '../editor-store.js';

/** The backend profiles with their actions: use, edit, delete. */
export function ProfileList({ profiles }: { profiles: Profile[] }) {
  const switchProfile = useSwitchProfileMutation();
  const deleteProfile = useDeleteProfileMutation();
  const formOpened = useProfileFormOpened();

  return (
    <table className="profile-table" data-testid="profile-list">
      <thead>
        <tr>
          <th>Name</th>
          <th>Backend</th>
          <th>Token</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {profiles.map((profile) => (
          <tr key={profile.id} data-testid="profile-row" data-profile-id={profile.id} data-active={profile.active}>
            <td>
              {profile.name}
              {profile.active && <span className="badge badge-active">active</span>}
              {profile.embedded && <span className="badge">built-in demo</span>}
            </td>
            <td className="mono">{profile.url}</td>
            <td>{profile.embedded ? 'managed' : profile.hasToken ? 'stored' : 'none'}</td>
            <td className="actions">
              <button
                type="button"
                data-testid="profile-use"
                disabled={profile.active || switchProfile.isPending}
                onClick={() => switchProfile.mutate(profile.id)}
              >
                Use
              </button>
              <button
                type="button"
                data-testid="profile-edit"
                disabled={profile.embedded}
                onClick={() => formOpened({ mode: 'edit', id: profile.id })}
              >
                Edit
              </button>
              <button
                type="button"
                data-testid="profile-delete"
                disabled={profile.active || profile.embedded || deleteProfile.isPending}
                onClick={() => {
                  if (window.confirm(`Delete the profile “${profile.name}”? Its stored token and queued decisions go too.`)) {
                    deleteProfile.mutate(profile.id);
                  }
                }}
              >
                Delete
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
