import { useIntl } from 'react-intl';
import { useDemoMutation } from './use-demo-mutation.js';

/** Settings' way back to the embedded demo, whatever backend the console is on (or failing to reach). */
export function BackToDemo() {
  const intl = useIntl();
  const demo = useDemoMutation();
  return (
    <section className="back-to-demo" aria-labelledby="back-to-demo-title" data-testid="back-to-demo">
      <h2 id="back-to-demo-title">{intl.formatMessage({ id: 'backendChoice.demo.title' })}</h2>
      <p className="muted">{intl.formatMessage({ id: 'backendChoice.demo.body' })}</p>
      <button type="button" data-testid="back-to-demo-button" disabled={demo.isPending} onClick={() => demo.mutate()}>
        {intl.formatMessage({ id: demo.isPending ? 'backendChoice.demo.starting' : 'backendChoice.demo.button' })}
      </button>
    </section>
  );
}
