import { useId, useState, type FormEvent } from 'react';
import { useIntl } from 'react-intl';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { useConnectMutation, useTestConnectionMutation, type BackendEntry } from '../mutations.js';
import { ConnectionResult } from './ConnectionResult.js';

/** URL, token and an optional name; "Test connection" tries them, "Connect" tries them and switches. */
export function ConnectForm() {
  const intl = useIntl();
  const ids = useId();
  const [entry, setEntry] = useState<BackendEntry>({ name: '', url: '', token: '' });
  const test = useTestConnectionMutation();
  const connect = useConnectMutation();
  const busy = test.isPending || connect.isPending;
  // The newest attempt's answer is the one shown.
  const [shown, setShown] = useState<'test' | 'connect' | null>(null);
  const attempt = shown === 'test' ? test : shown === 'connect' ? connect : null;

  const changed = (field: keyof BackendEntry) => (event: { target: { value: string } }) => setEntry((e) => ({ ...e, [field]: event.target.value }));
  const submitted = (event: FormEvent) => {
    event.preventDefault();
    setShown('connect');
    connect.mutate(entry);
  };
  const tested = () => {
    setShown('test');
    test.mutate(entry);
  };

  return (
    <form className="welcome-form" onSubmit={submitted} aria-describedby={`${ids}-result`} data-testid="welcome-connect-form">
      <label htmlFor={`${ids}-url`}>{intl.formatMessage({ id: 'welcome.connect.url' })}</label>
      <input
        id={`${ids}-url`}
        data-testid="welcome-url"
        type="text"
        inputMode="url"
        autoComplete="url"
        placeholder="https://heal.example.com"
        value={entry.url}
        onChange={changed('url')}
        required
      />
      <label htmlFor={`${ids}-token`}>{intl.formatMessage({ id: 'welcome.connect.token' })}</label>
      <input id={`${ids}-token`} data-testid="welcome-token" type="password" autoComplete="off" value={entry.token} onChange={changed('token')} />
      <label htmlFor={`${ids}-name`}>{intl.formatMessage({ id: 'welcome.connect.name' })}</label>
      <input id={`${ids}-name`} data-testid="welcome-name" type="text" value={entry.name} onChange={changed('name')} maxLength={100} />
      <div className="welcome-actions">
        <button type="button" data-testid="welcome-test" disabled={busy} onClick={tested}>
          {intl.formatMessage({ id: test.isPending ? 'welcome.test.running' : 'welcome.test.button' })}
        </button>
        <button type="submit" className="primary" data-testid="welcome-connect" disabled={busy}>
          {intl.formatMessage({ id: connect.isPending ? 'welcome.connect.running' : 'welcome.connect.button' })}
        </button>
      </div>
      <div id={`${ids}-result`} role="status" aria-live="polite">
        {attempt?.isSuccess && <ConnectionResult result={attempt.data} />}
        {attempt?.isError && (
          <p className="error" data-testid="connection-result" data-outcome="error">
            {errorText(intl, attempt.error)}
          </p>
        )}
      </div>
    </form>
  );
}
