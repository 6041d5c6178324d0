import { useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import type { Profile } from '../../../../src-shared/ipc/settings.js';
import { useSaveProfileMutation } from '../mutations.js';

/**
 * Adds or edits a backend profile. The token field is write-only: the stored token is never shown or
 * sent to this window; leaving the field empty keeps it.
 */
export function ProfileForm({ profile, onDone }: { profile: Profile | null; onDone: () => void }) {
  const save = useSaveProfileMutation();
  const intl = useIntl();
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
      <h2>{profile ? intl.formatMessage({ id: 'settings.form.edit' }, { name: profile.name }) : intl.formatMessage({ id: 'settings.form.new' })}</h2>
      <label>
        {intl.formatMessage({ id: 'settings.form.name' })}
        <input data-testid="profile-name" value={name} required maxLength={100} onChange={(e) => setName(e.target.value)} />
      </label>
      <label>
        {intl.formatMessage({ id: 'settings.form.url' })}
        <input data-testid="profile-url" type="url" value={url} required onChange={(e) => setUrl(e.target.value)} />
      </label>
      <label>
        {intl.formatMessage({ id: 'settings.form.token' })}
        <input
          data-testid="profile-token"
          type="password"
          autoComplete="off"
          value={token}
          disabled={removeToken}
          placeholder={intl.formatMessage({ id: profile?.hasToken ? 'settings.form.tokenKept' : 'settings.form.tokenNew' })}
          onChange={(e) => setToken(e.target.value)}
        />
      </label>
      {profile?.hasToken && (
        <label className="checkbox">
          <input type="checkbox" checked={removeToken} onChange={(e) => setRemoveToken(e.target.checked)} />
          {intl.formatMessage({ id: 'settings.form.removeToken' })}
        </label>
      )}
      <div className="form-actions">
        <button type="submit" data-testid="profile-save" disabled={save.isPending}>
          {intl.formatMessage({ id: 'settings.form.save' })}
        </button>
        <button type="button" onClick={onDone}>
          {intl.formatMessage({ id: 'settings.form.cancel' })}
        </button>
      </div>
    </form>
  );
}
