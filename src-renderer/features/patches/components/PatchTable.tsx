import { flexRender, getCoreRowModel, useReactTable, type Header } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import { useIntl } from 'react-intl';
import type { PatchRow } from '../../../../src-shared/ipc/patches.js';
import { Icon } from '../../../shared/components/icons.js';
import { patchesUi, useOpenPatchId, usePatchSort, type PatchSort } from '../patches-store.js';
import { PATCH_COLUMNS, PatchTableContext, SORT_BY, type PatchTableMeta } from './patch-columns.js';
import { useRolloutsByPatch } from './RolloutBadge.js';

const ROW_HEIGHT = 60;

function ariaSort(header: Header<PatchRow, unknown>, sort: PatchSort): 'ascending' | 'descending' | 'none' | undefined {
  const sortBy = SORT_BY[header.column.id];
  if (!sortBy) return undefined;
  if (sortBy !== sort.column) return 'none';
  return sort.direction === 'asc' ? 'ascending' : 'descending';
}

function HeaderCell({ header, sort }: { header: Header<PatchRow, unknown>; sort: PatchSort }) {
  const intl = useIntl();
  const sortBy = SORT_BY[header.column.id];
  const title = flexRender(header.column.columnDef.header, header.getContext());
  const state = ariaSort(header, sort);
  return (
    <th className={`col-${header.column.id}`} scope="col" aria-sort={state}>
      {sortBy ? (
        <button
          type="button"
          className="sort-button"
          data-testid={`patch-sort-${header.column.id}`}
          title={intl.formatMessage({ id: 'patches.sort.hint' })}
          onClick={() => patchesUi.sortToggled(sortBy)}
        >
          {title}
          {state !== 'none' && (
            <Icon name="triangle-up" filled className={state === 'descending' ? 'sort-mark sort-desc' : 'sort-mark'} />
          )}
        </button>
      ) : (
        title
      )}
    </th>
  );
}

/**
 * The registry as a table: every row the filters keep, only those in view rendered (5,000 patches
 * scroll and filter like 50). The main process filters and sorts; the table shows its answer.
 */
export function PatchTable({ rows, canAuthor }: { rows: readonly PatchRow[]; canAuthor: boolean }) {
  const intl = useIntl();
  const scrollRef = useRef<HTMLDivElement>(null);
  const sort = usePatchSort();
  const openPatchId = useOpenPatchId();
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 6, useFlushSync: false });
  const items = virtualizer.getVirtualItems();
  const rollouts = useRolloutsByPatch();
  const tableMeta: PatchTableMeta = { canAuthor, openPatchId, rollouts, opened: (id) => patchesUi.patchOpened(openPatchId === id ? null : id) };
  const table = useReactTable({
    data: rows as PatchRow[],
    columns: PATCH_COLUMNS,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.id,
  });
  const modelRows = table.getRowModel().rows;
  return (
    <PatchTableContext.Provider value={tableMeta}>
    <div ref={scrollRef} className="patch-scroll">
      <table
        className="patch-table"
        aria-label={intl.formatMessage({ id: 'patches.table.label' })}
        aria-rowcount={rows.length + 1}
        data-testid="patch-table"
        data-rows={rows.length}
        style={{ height: `calc(var(--patch-head) + ${virtualizer.getTotalSize()}px)` }}
      >
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} sort={sort} />
              ))}
            </tr>
          ))}
        </thead>
        <tbody style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {items.map((item) => {
            const row = modelRows[item.index]!;
            return (
              <tr
                key={row.id}
                data-testid="patch-row"
                data-patch-id={row.id}
                data-state={row.original.state}
                data-local-state={row.original.localState}
                aria-rowindex={item.index + 2}
                aria-current={openPatchId === row.id ? 'true' : undefined}
                className={openPatchId === row.id ? 'is-open' : undefined}
                style={{ height: item.size }}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.column.id} className={`col-${cell.column.id}`}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
    </PatchTableContext.Provider>
  );
}
