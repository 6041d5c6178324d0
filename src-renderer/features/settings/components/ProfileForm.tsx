import { useState, type FormEvent } from 'react';
import type { Profile } from '../../../../src-shared/ipc/settings.js';
import { useSaveProfileMutation } from '../mutations.js';

/**
 * Adds or edits a backend profile. The token field is write-only: the stored token is never shown or
 * sent to this window; leaving the field empty keeps it.
 */
export function ProfileForm({ profile, onDone }: { profile: Profile | null; onDone: () => void }) {
  const save = useSaveProfileMutation();
  const [name, setName] = useState(profile?.name ?? '');
  const [url, setUrl] = useState(profile?.url ?? 'https://');
  const [token, setToken] = useState('');
  const [removeToken, setRemoveToken] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tokenChange = removeToken ? { token: null } : token ? { token } : {};
    save.mutate({ ...(profile ? { id: profile.id } : {}), name, url, ...tokenChange }, { onSuccess: onDone });
  };

  return (
    <form className="profile-form" data-testid="profile-form" onSubmit={submit}>
      <h2>{profile ? `Edit “${profile.name}”` : 'New backend profile'}</h2>
      <label>
        Name
        <input data-testid="profile-name" value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        Backend URL
        <input data-testid="profile-url" type="url" value={url} required onChange={(e) => setUrl(e.target.value)} />
      </label>
      <label>
        Token
        <input
          data-testid="profile-token"
          type="password"
          autoComplete="off"
          value={token}
          disabled={removeToken}
          placeholder={profile?.hasToken ? 'A token is stored: leave empty to keep it' : 'Bearer token for this backend'}
          onChange={(e) => setToken(e.target.value)}
        />
      </label>
      {profile?.hasToken && (
        <label className="checkbox">
          <input type="checkbox" checked={removeToken} onChange={(e) => setRemoveToken(e.target.checked)} />
          Remove the stored token
        </label>
      )}
      <div className="form-actions">
        <button type="submit" data-testid="profile-save" disabled={save.isPending}>
          Save
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
