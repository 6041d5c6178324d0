import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { LanguageSelector } from '../../../infra/i18n/LanguageSelector.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
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
  const intl = useIntl();

  return (
    <section className="page" aria-labelledby="settings-title">
      <header className="page-header">
        <h1 id="settings-title">{intl.formatMessage({ id: 'settings.title' })}</h1>
        <button type="button" data-testid="profile-add" onClick={() => formOpened({ mode: 'new' })}>
          {intl.formatMessage({ id: 'settings.addBackend' })}
        </button>
      </header>
      <LanguageSelector />
      {settings.isPending && <p className="muted">{intl.formatMessage({ id: 'settings.reading' })}</p>}
      {settings.isError && (
        <p className="error" role="alert">
          {intl.formatMessage({ id: 'settings.readFailed' }, { reason: errorText(intl, settings.error) })}
        </p>
      )}
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
