import { useIntl } from 'react-intl';
import { useEffect } from 'react';
import { ReviewQueuePage } from './ReviewQueuePage.js';
import { followAddress, useFiltersChanged, useLogView } from '../filter-store.js';
import type { LogView } from '../log-filters.js';
import '../triage.css';
import { AllLogsPage } from './AllLogsPage.js';

/** The logs page: the review queue or every cached log, the view and filters kept in the address. */
export function HealingLogList() {
  const intl = useIntl();
  const view = useLogView();
  const changed = useFiltersChanged();
  useEffect(() => followAddress(), []);
  return (
    <section className="page triage-page" aria-labelledby="logs-title" data-view={view}>
      <header className="page-header">
        <h1 id="logs-title">{intl.formatMessage({ id: view === 'queue' ? 'logs.title.queue' : 'logs.title.all' })}</h1>
        <label className="inline-field">
          {intl.formatMessage({ id: 'logs.scope.label' })}
          <select data-testid="log-scope" value={view} onChange={(event) => changed({ view: event.target.value as LogView })}>
            <option value="queue">{intl.formatMessage({ id: 'logs.scope.queue' })}</option>
            <option value="all">{intl.formatMessage({ id: 'logs.scope.all' })}</option>
          </select>
        </label>
      </header>
      {view === 'queue' ? <ReviewQueuePage /> : <AllLogsPage />}
    </section>
  );
}
