import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import '../../../shared/detail-panels.css';
import { conflictListQuery } from '../queries.js';
import { ConflictCard } from './ConflictCard.js';

/** Decisions the server refused because the log or pause moved on, each to keep, take theirs or discard. */
export function ConflictsPage() {
  const api = useOpsApi();
  const intl = useIntl();
  const conflicts = useQuery(conflictListQuery(api));
  return (
    <section className="page" aria-labelledby="conflicts-title" data-testid="conflicts-page">
      <header className="page-header">
        <h1 id="conflicts-title">{intl.formatMessage({ id: 'conflicts.title' })}</h1>
      </header>
      {conflicts.isPending && <p className="muted">{intl.formatMessage({ id: 'conflicts.reading' })}</p>}
      {conflicts.isError && (
        <p className="error" role="alert">
          {intl.formatMessage({ id: 'conflicts.readFailed' }, { reason: errorText(intl, conflicts.error) })}
        </p>
      )}
      {conflicts.isSuccess && conflicts.data.items.length === 0 && (
        <p className="muted" data-testid="conflicts-empty">
          {intl.formatMessage({ id: 'conflicts.empty' })}
        </p>
      )}
      {conflicts.isSuccess && conflicts.data.items.map((conflict) => <ConflictCard key={conflict.id} conflict={conflict} />)}
    </section>
  );
}
