import { useIntl } from 'react-intl';
import type { Severity } from '../../../../src-shared/schemas/common.js';
import { flexRender, type Row } from '@tanstack/react-table';
import { memo, useEffect, useRef } from 'react';
import { useIsChecked } from '../check-store.js';
import { useSelectionStore } from '../../../shared/selection-store.js';
import { tableUi, useIsCursor } from '../table-ui-store.js';
import { ReadingRow, type WindowRow } from './log-columns.js';

/** Moves DOM focus to the cursor row unless the user is typing somewhere else. */
function shouldFollowCursor(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active.closest('[data-testid="log-table"]') !== null;
}

interface LogTableRowProps {
  row: Row<WindowRow>;
  /** Height from the virtualizer (the row sits in the flow of the moved body, see LogTable). */
  size: number;
  /** What the cells read from the table's meta, passed so that a row whose inputs are unchanged is skipped. */
  reviewer: string | null;
  now: number;
  /** During a fast scroll: severity and issue only (see LogTable). */
  skim: boolean;
}

/**
 * One row of the virtual table; the cursor row holds the focus (roving tabindex). The table rebuilds
 * its row objects on every scroll step, so rows compare what they show, not identity.
 */
export const LogTableRow = memo(LogTableRowView, (before, after) => {
  return (
    before.row.original.index === after.row.original.index &&
    before.row.original.row === after.row.original.row &&
    before.size === after.size &&
    before.reviewer === after.reviewer &&
    before.now === after.now &&
    before.skim === after.skim
  );
});

function SeverityWord({ severity }: { severity: Severity }) {
  const intl = useIntl();
  return <>{intl.formatMessage({ id: `shared.severity.${severity}` }).toLocaleUpperCase(intl.locale)}</>;
}

function LogTableRowView({ row, size, skim }: LogTableRowProps) {
  const { index, row: data } = row.original;
  const isCursor = useIsCursor(data?.log.id);
  const isChecked = useIsChecked(data?.log.id);
  const isOpen = useSelectionStore((state) => data !== undefined && state.selectedId === data.log.id);
  const logSelected = useSelectionStore((state) => state.logSelected);
  const ref = useRef<HTMLTableRowElement>(null);

  useEffect(() => {
    if (isCursor && shouldFollowCursor()) ref.current?.focus({ preventScroll: true });
  }, [isCursor]);

  return (
    <tr
      ref={ref}
      data-testid={data ? 'log-row' : 'log-row-loading'}
      data-index={index}
      data-log-id={data?.log.id}
      data-status={data?.log.status}
      data-local-state={data?.localState}
      data-cursor={isCursor ? 'true' : undefined}
      aria-rowindex={index + 2}
      aria-selected={isChecked}
      aria-current={isOpen ? 'true' : undefined}
      tabIndex={isCursor ? 0 : -1}
      className={`log-row${isCursor ? ' is-cursor' : ''}${isChecked ? ' is-checked' : ''}${isOpen ? ' is-open' : ''}`}
      style={{ height: size }}
      onClick={() => {
        tableUi.cursorMoved({ id: data?.log.id ?? null, index });
        if (data) logSelected(data.log.id);
      }}
    >
      {skim ? (
        <td className="row-skim">
          {data ? (
            <>
              <SeverityWord severity={data.log.issue_severity} /> · <span data-i18n-data>{data.log.detected_issue}</span>
            </>
          ) : (
            <ReadingRow />
          )}
        </td>
      ) : (
        row.getVisibleCells().map((cell) => (
          <td key={cell.column.id} className={`col-${cell.column.id}`}>
            {flexRender(cell.column.columnDef.cell, cell.getContext())}
          </td>
        ))
      )}
    </tr>
  );
}
