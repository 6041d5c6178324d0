import { useIntl } from 'react-intl';
import appIcon from '../../../../resources/icon.svg';
import { useDemoMutation } from '../../../shared/backend-choice/use-demo-mutation.js';
import { ConnectForm } from './ConnectForm.js';
import '../welcome.css';

/**
 * The first start's screen (no backend chosen yet in this data folder): connect to a backend, or
 * continue with the embedded demo. `demoAvailable` is false in a shell started without it.
 */
export function WelcomeScreen({ demoAvailable }: { demoAvailable: boolean }) {
  const intl = useIntl();
  const demo = useDemoMutation();
  return (
    <main className="welcome" aria-labelledby="welcome-title" data-testid="welcome-screen">
      <header className="welcome-header">
        <img src={appIcon} alt="" width={72} height={72} />
        <h1 id="welcome-title">{intl.formatMessage({ id: 'welcome.title' })}</h1>
        <p>{intl.formatMessage({ id: 'welcome.intro' })}</p>
      </header>
      <div className="welcome-choices">
        {demoAvailable && (
          <section className="welcome-card" aria-labelledby="welcome-demo-title">
            <h2 id="welcome-demo-title">{intl.formatMessage({ id: 'welcome.demo.title' })}</h2>
            <p>{intl.formatMessage({ id: 'welcome.demo.body' })}</p>
            <button type="button" className="primary" data-testid="welcome-demo" disabled={demo.isPending} onClick={() => demo.mutate()}>
              {intl.formatMessage({ id: demo.isPending ? 'welcome.demo.starting' : 'welcome.demo.button' })}
            </button>
          </section>
        )}
        <section className="welcome-card" aria-labelledby="welcome-connect-title">
          <h2 id="welcome-connect-title">{intl.formatMessage({ id: 'welcome.connect.title' })}</h2>
          <p>{intl.formatMessage({ id: 'welcome.connect.body' })}</p>
          <ConnectForm />
        </section>
      </div>
    </main>
  );
}
