import type { ReactNode } from 'react';
import { useIntl } from 'react-intl';
import type { RunbookTable } from '../../../../src-shared/schemas/sdk-field.js';
import { useExportRunbookTableMutation } from '../mutations.js';

export interface RunbookColumn<Row> {
  id: string;
  /** Figures align to the right. */
  numeric?: boolean;
  cell(row: Row): ReactNode;
}

interface RunbookSectionProps<Row> {
  table: RunbookTable;
  rows: readonly Row[];
  columns: readonly RunbookColumn<Row>[];
  /** What the section shows instead of a table (the count of active patches). */
  children?: ReactNode;
}

/** One of the runbook's queries: its title, what it measures, its rows, and its CSV export. */
export function RunbookSection<Row>({ table, rows, columns, children }: RunbookSectionProps<Row>) {
  const intl = useIntl();
  const exportCsv = useExportRunbookTableMutation();
  const titleId = `runbook-${table}`;
  return (
    <section className="runbook-section" aria-labelledby={titleId} data-testid={`runbook-${table}`} data-rows={rows.length}>
      <header className="section-heading">
        <h2 id={titleId}>{intl.formatMessage({ id: `runbook.table.${table}` })}</h2>
        <button
          type="button"
          data-testid={`runbook-export-${table}`}
          disabled={exportCsv.isPending}
          aria-describedby={titleId}
          onClick={() => exportCsv.mutate(table)}
        >
          {intl.formatMessage({ id: 'runbook.export' })}
        </button>
      </header>
      <p className="muted small">{intl.formatMessage({ id: `runbook.about.${table}` })}</p>
      {children ??
        (rows.length === 0 ? (
          <p className="muted" data-testid="runbook-table-empty">
            {intl.formatMessage({ id: 'runbook.emptyTable' })}
          </p>
        ) : (
          <div className="runbook-table-frame">
            <table className="runbook-table">
              <thead>
                <tr>
                  {columns.map((column) => (
                    <th key={column.id} scope="col" className={column.numeric ? 'numeric' : undefined}>
                      {intl.formatMessage({ id: `runbook.column.${column.id}` })}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((row, index) => (
                  <tr key={index}>
                    {columns.map((column) => (
                      <td key={column.id} className={column.numeric ? 'numeric' : undefined}>
                        {column.cell(row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  );
}
