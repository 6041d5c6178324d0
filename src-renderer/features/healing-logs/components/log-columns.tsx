import { useIntl } from 'react-intl';
import { createColumnHelper, type RowData } from '@tanstack/react-table';
import type { TriageRow } from '../../../../src-shared/ipc/triage.js';
import { ConfidenceMeter } from './ConfidenceMeter.js';
import { AgeCell, PluginCell, SeverityBadge, StatusBadge, SyncStateBadge } from './LogCells.js';
import { RowActions } from './RowActions.js';
import { RowCheckbox, WindowCheckbox } from './RowCheckbox.js';

/** One row slot of the scrolled window: its index in the whole view and the row once it is read. */
export interface WindowRow {
  index: number;
  row: TriageRow | undefined;
}

declare module '@tanstack/react-table' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface TableMeta<TData extends RowData> {
    reviewer: string | null;
    now: number;
    idAt: (index: number) => string | undefined;
  }
}

const column = createColumnHelper<WindowRow>();

function ColumnTitle({ column: id, hidden }: { column: string; hidden?: boolean }) {
  const text = useIntl().formatMessage({ id: `logs.column.${id}` });
  return hidden ? <span className="visually-hidden">{text}</span> : <>{text}</>;
}

/** A row not read yet. */
export function ReadingRow() {
  return <span className="muted">{useIntl().formatMessage({ id: 'logs.table.readingRow' })}</span>;
}
const loading = <span className="muted">…</span>;

/** The columns of both triage tables. */
export const LOG_COLUMNS = [
  column.display({
    id: 'check',
    header: ({ table }) => <WindowCheckbox ids={table.getRowModel().rows.flatMap((r) => (r.original.row ? [r.original.row.log.id] : []))} />,
    cell: ({ row, table }) => <RowCheckbox index={row.original.index} row={row.original.row} idAt={table.options.meta!.idAt} />,
  }),
  column.display({
    id: 'severity',
    header: () => <ColumnTitle column="severity" />,
    cell: ({ row }) => (row.original.row ? <SeverityBadge severity={row.original.row.log.issue_severity} /> : loading),
  }),
  column.display({ id: 'plugin', header: () => <ColumnTitle column="plugin" />, cell: ({ row }) => (row.original.row ? <PluginCell row={row.original.row} /> : loading) }),
  column.display({
    id: 'issue',
    header: () => <ColumnTitle column="issue" />,
    cell: ({ row }) =>
      row.original.row ? (
        <span className="issue-text" title={row.original.row.log.detected_issue} data-i18n-data>
          {row.original.row.log.detected_issue}
        </span>
      ) : (
        <ReadingRow />
      ),
  }),
  column.display({ id: 'status', header: () => <ColumnTitle column="status" />, cell: ({ row }) => (row.original.row ? <StatusBadge status={row.original.row.log.status} /> : null) }),
  column.display({
    id: 'confidence',
    header: () => <ColumnTitle column="confidence" />,
    cell: ({ row }) => (row.original.row ? <ConfidenceMeter value={row.original.row.log.sira_confidence} /> : null),
  }),
  column.display({
    id: 'age',
    header: () => <ColumnTitle column="age" />,
    cell: ({ row, table }) => (row.original.row ? <AgeCell createdAt={row.original.row.log.created_at} now={table.options.meta!.now} /> : null),
  }),
  column.display({ id: 'sync', header: () => <ColumnTitle column="sync" />, cell: ({ row }) => (row.original.row ? <SyncStateBadge row={row.original.row} /> : null) }),
  column.display({
    id: 'actions',
    header: () => <ColumnTitle column="decision" hidden />,
    cell: ({ row, table }) => (row.original.row ? <RowActions row={row.original.row} reviewer={table.options.meta!.reviewer} /> : null),
  }),
];
