import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatNumber, formatPercent } from '../../../../src-shared/domain/locale-format.js';
import { SDK_LANGUAGES, type SdkLanguage } from '../../../../src-shared/patch-format.js';
import type { Runbook } from '../../../../src-shared/schemas/sdk-field.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { FiguresAge } from '../../../shared/patch-registry/FiguresAge.js';
import { QueryState } from '../../../shared/patch-registry/QueryState.js';
import { useNewDraftMutation } from '../../../shared/patch-registry/new-draft.js';
import { mayAuthorPatches, useRole } from '../../../shared/patch-registry/roles.js';
import { runbookTablesQuery } from '../queries.js';
import { AlertsSection } from './AlertsSection.js';
import { RunbookSection, type RunbookColumn } from './RunbookSection.js';
import '../runbook.css';

type Row<K extends keyof Runbook> = Runbook[K] extends readonly (infer R)[] ? R : never;

const isSdkLanguage = (language: string): language is SdkLanguage => (SDK_LANGUAGES as readonly string[]).includes(language);

const data = (text: string) => <span data-i18n-data>{text}</span>;

/** "Write a patch for this": a draft prefilled with the error's language and message, opened in the editor. */
function WritePatchButton({ row }: { row: Row<'unpatched_errors'> }) {
  const intl = useIntl();
  const newDraft = useNewDraftMutation();
  const language = row.sdk_language;
  if (!isSdkLanguage(language)) return null;
  return (
    <button
      type="button"
      data-testid="runbook-write-patch"
      disabled={newDraft.isPending}
      aria-label={intl.formatMessage({ id: 'runbook.writePatchFor' }, { pattern: row.error_pattern })}
      onClick={() => newDraft.mutate({ fromFailure: { sdk_language: language, message: row.error_pattern } })}
    >
      {intl.formatMessage({ id: 'runbook.writePatch' })}
    </button>
  );
}

/** The SDK runbook's questions as live tables: what fires, what rolls back, what has no patch yet. */
export function RunbookPage() {
  const intl = useIntl();
  const api = useOpsApi();
  const tables = useQuery(runbookTablesQuery(api));
  const canAuthor = mayAuthorPatches(useRole());
  const count = (value: number) => formatNumber(intl.locale, value);
  const rate = (value: number | null) => (value === null ? intl.formatMessage({ id: 'runbook.noRate' }) : formatPercent(intl.locale, value, 1));

  const mostUsed: RunbookColumn<Row<'most_used'>>[] = [
    { id: 'patch', cell: (row) => data(row.error_signature) },
    { id: 'description', cell: (row) => data(row.description) },
    { id: 'language', cell: (row) => data(row.sdk_language) },
    { id: 'applications', numeric: true, cell: (row) => count(row.applications) },
    { id: 'successRate', numeric: true, cell: (row) => rate(row.success_rate) },
  ];
  const rollbacks: RunbookColumn<Row<'rollback_rates'>>[] = [
    { id: 'description', cell: (row) => data(row.description) },
    { id: 'applications', numeric: true, cell: (row) => count(row.total_applications) },
    { id: 'rollbacks', numeric: true, cell: (row) => count(row.rollbacks) },
    // The runbook's SQL gives this one in percent.
    { id: 'rollbackRate', numeric: true, cell: (row) => rate(row.rollback_rate / 100) },
  ];
  const perDeveloper: RunbookColumn<Row<'errors_per_developer'>>[] = [
    { id: 'developer', cell: (row) => data(row.developer_id) },
    { id: 'language', cell: (row) => data(row.sdk_language) },
    { id: 'patchesApplied', numeric: true, cell: (row) => count(row.total_patches_applied) },
    { id: 'successful', numeric: true, cell: (row) => count(row.successful) },
  ];
  const failing: RunbookColumn<Row<'failing_last_hour'>>[] = [
    { id: 'description', cell: (row) => data(row.description) },
    { id: 'failures', numeric: true, cell: (row) => count(row.failures) },
  ];
  const unpatched: RunbookColumn<Row<'unpatched_errors'>>[] = [
    { id: 'language', cell: (row) => data(row.sdk_language) },
    { id: 'errorPattern', cell: (row) => <span className="mono" data-i18n-data>{row.error_pattern}</span> },
    { id: 'occurrences', numeric: true, cell: (row) => count(row.occurrences) },
    ...(canAuthor ? [{ id: 'write', cell: (row: Row<'unpatched_errors'>) => <WritePatchButton row={row} /> }] : []),
  ];

  const runbook = tables.data?.runbook ?? null;
  const state = tables.isPending ? 'loading' : tables.isError ? 'error' : runbook === null ? 'empty' : 'ready';
  return (
    <section className="page runbook-page" aria-labelledby="runbook-title" data-testid="runbook-page" data-state={state}>
      <header className="page-header">
        <h1 id="runbook-title">{intl.formatMessage({ id: 'runbook.title' })}</h1>
        {tables.data && <FiguresAge stats={tables.data.stats} />}
      </header>
      <AlertsSection />
      <QueryState
        state={state}
        testId="runbook"
        loading={intl.formatMessage({ id: 'runbook.loading' })}
        failed={intl.formatMessage({ id: 'runbook.failed' }, { message: tables.error?.message ?? '' })}
        empty={intl.formatMessage({ id: 'runbook.none' })}
        onRetry={() => void tables.refetch()}
      />
      {runbook && (
        <div className="runbook-grid">
          <RunbookSection table="most_used" rows={runbook.most_used} columns={mostUsed} />
          <RunbookSection table="rollback_rates" rows={runbook.rollback_rates} columns={rollbacks} />
          <RunbookSection table="errors_per_developer" rows={runbook.errors_per_developer} columns={perDeveloper} />
          <RunbookSection table="active_patches" rows={[]} columns={[]}>
            <p className="runbook-figure" data-testid="runbook-active-count">
              {intl.formatMessage({ id: 'runbook.activeCount' }, { count: runbook.active_patches, formatted: count(runbook.active_patches) })}
            </p>
          </RunbookSection>
          <RunbookSection table="failing_last_hour" rows={runbook.failing_last_hour} columns={failing} />
          <RunbookSection table="unpatched_errors" rows={runbook.unpatched_errors} columns={unpatched} />
        </div>
      )}
    </section>
  );
}
