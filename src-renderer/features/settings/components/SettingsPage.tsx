import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { LanguageSelector } from '../../../infra/i18n/LanguageSelector.js';
import { BackToDemo } from '../../../shared/backend-choice/BackToDemo.js';
import { useProfileEditing, useProfileFormClosed, useProfileFormOpened } from '../editor-store.js';
import { settingsQuery } from '../queries.js';
import { ProfileForm } from './ProfileForm.js';
import { ProfileList } from './ProfileList.js';
import { SecretStorageNotice } from './SecretStorageNotice.js';

/** Backend profiles: add, edit, delete, switch; and how their tokens are stored. */
export function SettingsPage() {
  const api = useOpsApi();
  const settings = useQuery(settingsQuery(api));
  const editing = useProfileEditing();
  const formOpened = useProfileFormOpened();
  const formClosed = useProfileFormClosed();

  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">Settings</h1>
        <button type="button" data-testid="profile-add" onClick={() => formOpened({ mode: 'new' })}>
          Add a backend
        </button>
      </header>
      <LanguageSelector />
      {settings.isPending && <p className="muted">Reading the settings…</p>}
      {settings.isError && <p className="error" role="alert">The settings could not be read: {settings.error.message}</p>}
      {settings.isSuccess && (
        <>
          <SecretStorageNotice kind={settings.data.secretStorage} />
          <ProfileList profiles={settings.data.profiles} />
          {settings.data.demoAvailable && !settings.data.profiles.some((p) => p.embedded && p.active) && <BackToDemo />}
          {editing.mode !== 'closed' && (
            <ProfileForm
              key={editing.mode === 'edit' ? editing.id : 'new'}
              profile={editing.mode === 'edit' ? (settings.data.profiles.find((p) => p.id === editing.id) ?? null) : null}
              onDone={formClosed}
            />
          )}
        </>
      )}
    </section>
  );
}
