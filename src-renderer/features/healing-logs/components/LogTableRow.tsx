import { flexRender, type Row } from '@tanstack/react-table';
import type { VirtualItem } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useIsChecked } from '../check-store.js';
import { useSelectionStore } from '../selection-store.js';
import { tableUi, useIsCursor } from '../table-ui-store.js';
import type { WindowRow } from './log-columns.js';

/** Moves DOM focus to the cursor row unless the user is typing somewhere else. */
function shouldFollowCursor(): boolean {
  const active = document.activeElement;
  return !active || active === document.body || active.closest('[data-testid="log-table"]') !== null;
}

/** One positioned row of the virtual table; the cursor row holds the focus (roving tabindex). */
export function LogTableRow({ row, item }: { row: Row<WindowRow>; item: VirtualItem }) {
  const { index, row: data } = row.original;
  const isCursor = useIsCursor(index);
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
      style={{ transform: `translateY(${item.start}px)`, height: item.size }}
      onClick={() => {
        tableUi.cursorMoved(index);
        if (data) logSelected(data.log.id);
      }}
    >
      {row.getVisibleCells().map((cell) => (
        <td key={cell.id} className={`col-${cell.column.id}`}>
          {flexRender(cell.column.columnDef.cell, cell.getContext())}
        </td>
      ))}
    </tr>
  );
}
