import { useEffect } from 'react';
import { ReviewQueuePage } from './ReviewQueuePage.js';
import { followAddress, useFiltersChanged, useLogView } from '../filter-store.js';
import type { LogView } from '../log-filters.js';
import '../triage.css';
import { AllLogsPage } from './AllLogsPage.js';

/** The logs page: the review queue or every cached log, the view and filters kept in the address. */
export function HealingLogList() {
  const view = useLogView();
  const changed = useFiltersChanged();
  useEffect(() => followAddress(), []);
  return (
    <section className="page triage-page" aria-labelledby="logs-title" data-view={view}>
      <header className="page-header">
        <h1 id="logs-title">{view === 'queue' ? 'Review queue' : 'All healing logs'}</h1>
        <label className="inline-field">
          Show
          <select data-testid="log-scope" value={view} onChange={(event) => changed({ view: event.target.value as LogView })}>
            <option value="queue">Waiting for review</option>
            <option value="all">All cached logs</option>
          </select>
        </label>
      </header>
      {view === 'queue' ? <ReviewQueuePage /> : <AllLogsPage />}
    </section>
  );
}
