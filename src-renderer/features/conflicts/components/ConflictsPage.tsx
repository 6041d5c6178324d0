import { useQuery } from '@tanstack/react-query';
import { useOpsApi } from '../../../infra/bridge-context.js';
import '../../../shared/detail-panels.css';
import { conflictListQuery } from '../queries.js';
import { ConflictCard } from './ConflictCard.js';

/** Decisions the server refused because the log or pause moved on, each to keep, take theirs or discard. */
export function ConflictsPage() {
  const api = useOpsApi();
  const conflicts = useQuery(conflictListQuery(api));
  return (
    <section className="page" aria-labelledby="conflicts-title" data-testid="conflicts-page">
      <header className="page-header">
        <h1 id="conflicts-title">Conflicts</h1>
      </header>
      {conflicts.isPending && <p className="muted">Reading the cache…</p>}
      {conflicts.isError && (
        <p className="error" role="alert">
          The conflicts could not be read: {conflicts.error.message}
        </p>
      )}
      {conflicts.isSuccess && conflicts.data.items.length === 0 && (
        <p className="muted" data-testid="conflicts-empty">
          No conflicts. When the server refuses a decision because the log (or pause) changed meanwhile, it waits here for you.
        </p>
      )}
      {conflicts.isSuccess && conflicts.data.items.map((conflict) => <ConflictCard key={conflict.id} conflict={conflict} />)}
    </section>
  );
}
