import { useQuery } from '@tanstack/react-query';
import { useIntl } from 'react-intl';
import { formatDate } from '../../../../src-shared/domain/locale-format.js';
import type { FailureInput } from '../../../../src-shared/patch-engine/dry-run-schema.js';
import { errorText } from '../../../infra/api-errors/api-error-text.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { FiguresAge } from '../../../shared/patch-registry/FiguresAge.js';
import { failureOf } from '../dry-run-form.js';
import { unpatchedQuery } from '../queries.js';

const COLUMNS = ['language', 'status', 'code', 'message', 'occurrences', 'developers', 'lastSeen'] as const;

/** The to-do list: SDK errors no patch answered over 7 days, most frequent first, each to write a patch for. */
export function UnpatchedTable({ writable, onWrite }: { writable: boolean; onWrite(failure: FailureInput): void }) {
  const api = useOpsApi();
  const intl = useIntl();
  const unpatched = useQuery(unpatchedQuery(api));
  return (
    <section aria-labelledby="patch-unpatched-title" data-testid="patch-unpatched">
      <h2 id="patch-unpatched-title">{intl.formatMessage({ id: 'patchEditor.unpatched.title' })}</h2>
      {unpatched.isSuccess && <FiguresAge stats={unpatched.data.stats} />}
      {unpatched.isPending && <p className="muted">{intl.formatMessage({ id: 'patchEditor.unpatched.reading' })}</p>}
      {unpatched.isError && (
        <p className="error" role="alert">
          {intl.formatMessage({ id: 'patchEditor.unpatched.readFailed' }, { reason: errorText(intl, unpatched.error) })}
        </p>
      )}
      {unpatched.isSuccess && unpatched.data.items.length === 0 && <p className="muted">{intl.formatMessage({ id: 'patchEditor.unpatched.empty' })}</p>}
      {unpatched.isSuccess && unpatched.data.items.length > 0 && (
        <table className="patch-unpatched-table">
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th key={column} scope="col">
                  {intl.formatMessage({ id: `patchEditor.unpatched.column.${column}` })}
                </th>
              ))}
              {writable && (
                <th scope="col">
                  <span className="visually-hidden">{intl.formatMessage({ id: 'patchEditor.unpatched.column.actions' })}</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {unpatched.data.items.map((item) => {
              const failure = failureOf(item);
              return (
                <tr key={`${item.sdk_language}:${item.status}:${item.error_code}:${item.error_pattern}`} data-testid="patch-unpatched-row">
                  <td data-i18n-data>{item.sdk_language}</td>
                  <td data-i18n-data>{item.status ?? '—'}</td>
                  <td>
                    <code data-i18n-data>{item.error_code ?? '—'}</code>
                  </td>
                  <td className="patch-unpatched-message" data-i18n-data>
                    {item.error_pattern}
                  </td>
                  <td className="num">{intl.formatNumber(item.occurrences)}</td>
                  <td className="num">{intl.formatNumber(item.developers)}</td>
                  <td>{formatDate(intl.locale, item.last_seen_at)}</td>
                  {writable && (
                    <td>
                      <button type="button" disabled={failure === null} onClick={() => failure && onWrite(failure)} data-testid="patch-write-for">
                        {intl.formatMessage({ id: 'patchEditor.unpatched.write' })}
                      </button>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
