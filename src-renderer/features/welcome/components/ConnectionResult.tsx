import { useIntl } from 'react-intl';
import type { ConnectionTest } from '../../../../src-shared/ipc/settings.js';
import { backendProblemText } from '../../../shared/backend-choice/backend-problem-text.js';

/** What a test or a connect attempt found: who the token belongs to, or exactly what failed and the detail. */
export function ConnectionResult({ result }: { result: ConnectionTest }) {
  const intl = useIntl();
  if (result.ok) {
    return (
      <p className="success" data-testid="connection-result" data-outcome="ok">
        {intl.formatMessage({ id: 'welcome.test.ok' }, { name: result.identity.name, role: result.identity.role })}
      </p>
    );
  }
  return (
    <div data-testid="connection-result" data-outcome={result.problem.failure}>
      <p className="error">{backendProblemText(intl, result.problem)}</p>
      <p className="muted" data-testid="connection-detail">
        {intl.formatMessage({ id: 'welcome.test.detail' }, { detail: result.problem.detail })}
      </p>
    </div>
  );
}
