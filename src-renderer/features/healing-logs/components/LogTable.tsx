import { useIntl } from 'react-intl';
import { useQuery } from '@tanstack/react-query';
import { flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef, useState, type ReactNode, type RefObject } from 'react';
import type { TriageFilters, TriageSort } from '../../../../src-shared/ipc/triage.js';
import { useOpsApi } from '../../../infra/bridge-context.js';
import { syncStatusQuery } from '../../../infra/sync-status.js';
import { PAGE_SIZE } from '../queries.js';
import { useCursorNote } from '../table-ui-store.js';
import { useCursorFollowsLog } from '../use-cursor-follows-log.js';
import { useTableKeyboard } from '../use-table-keyboard.js';
import { useMinuteClock } from '../../../shared/use-minute-clock.js';
import { useTriageRows } from '../use-triage-rows.js';
import { LOG_COLUMNS, type WindowRow } from './log-columns.js';
import { LogTableRow } from './LogTableRow.js';

export const ROW_HEIGHT = 52;

const SHORT_TITLES = new Set(['severity', 'confidence']);

/**
 * A scroll step longer than the window (a flick, a drag of the scrollbar's thumb) is too fast to read
 * rows: rows then show their severity and issue only (`skim`), a fifth of the elements to restyle per
 * frame. The full rows come back at the first shorter step, or when the scrolling stops.
 */
const SKIM_STEP_VIEWPORTS = 1;

export function nextSkim(skimming: boolean, isScrolling: boolean, step: number, viewport: number): boolean {
  if (!isScrolling || viewport <= 0) return false;
  // A call without movement (a measurement, a second call in the same frame) keeps the current state.
  if (step === 0) return skimming;
  return step > viewport * SKIM_STEP_VIEWPORTS;
}

interface LogTableProps {
  label: string;
  filters: TriageFilters;
  sort: TriageSort;
  /** What to say when nothing matches. */
  empty: ReactNode;
  searchRef: RefObject<HTMLInputElement | null>;
}

/**
 * A triage table over any number of cached logs: only the rows in view are rendered, and they are
 * read a page at a time as the user scrolls. Columns come from TanStack Table over that window.
 *
 * The rendered rows sit in the normal flow of the body, which is moved as one block to the window's
 * first row (one transform per scroll step). Rows are keyed by their index: a row keeps its element
 * (and its focus) while in view, a scroll step removes the rows scrolled out and adds those scrolled
 * in, and React never moves a row element. Moving each row by its own transform instead cost 5-15 ms
 * of style and layout per frame with twenty rows on this machine (measured in the page); one block
 * costs under 1 ms. The table keeps the height of every row, so the scrollbar spans the whole view.
 */
export function LogTable({ label, filters, sort, empty, searchRef }: LogTableProps) {
  const intl = useIntl();
  const api = useOpsApi();
  const reviewer = useQuery({ ...syncStatusQuery(api), select: (status) => status.identity?.name ?? null }).data ?? null;
  const scrollRef = useRef<HTMLDivElement>(null);
  const [pages, setPages] = useState({ start: 0, end: PAGE_SIZE - 1 });
  const [skim, setSkim] = useState(false);
  const lastOffset = useRef(0);
  const rows = useTriageRows(filters, sort, pages.start, pages.end);
  const virtualizer = useVirtualizer({
    count: rows.total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 3,
    // Rendering inside the scroll event (flushSync) made every scroll step one long task; React
    // batches the render into its own task instead, and the rows catch up a frame later.
    useFlushSync: false,
    onChange: (instance) => {
      const offset = instance.scrollOffset ?? 0;
      const step = Math.abs(offset - lastOffset.current);
      lastOffset.current = offset;
      setSkim((skimming) => nextSkim(skimming, instance.isScrolling, step, instance.scrollRect?.height ?? 0));
    },
  });
  const items = virtualizer.getVirtualItems();
  const firstIndex = items[0]?.index ?? 0;
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    const start = Math.floor(firstIndex / PAGE_SIZE) * PAGE_SIZE;
    const end = Math.floor(lastIndex / PAGE_SIZE) * PAGE_SIZE + PAGE_SIZE - 1;
    setPages((current) => (current.start === start && current.end === end ? current : { start, end }));
  }, [firstIndex, lastIndex]);

  const { rowAt } = rows;
  const windowRows = useMemo<WindowRow[]>(() => items.map((item) => ({ index: item.index, row: rowAt(item.index) })), [items, rowAt]);
  const now = useMinuteClock();
  const table = useReactTable({
    data: windowRows,
    columns: LOG_COLUMNS,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => String(row.index),
    meta: { reviewer, now, idAt: (index) => rowAt(index)?.log.id },
  });
  useTableKeyboard({ total: rows.total, rowAt, reviewer, searchRef, scrollToIndex: (index) => virtualizer.scrollToIndex(index, { align: 'auto' }) });
  useCursorFollowsLog({ filters, sort, total: rows.total, rowAt, isStale: rows.isStale });
  const cursorNote = useCursorNote();
  // The shrunk columns' short headers (triage.css shows them in narrow tables).
  const shortTitle = (column: string) => (SHORT_TITLES.has(column) ? intl.formatMessage({ id: `logs.column.short.${column}` }) : undefined);

  const state = rows.isPending ? 'loading' : rows.isError ? 'error' : rows.total === 0 ? 'empty' : 'ready';
  return (
    <div className="triage-table-frame" data-testid="log-table" data-state={state} data-total={rows.total} data-stale={rows.isStale ? 'true' : undefined}>
      {/* Pinned to the corner of its containing block: at its place in the frame's flow it made the page scroll. */}
      <p className="visually-hidden" style={{ top: 0, left: 0, margin: 0 }} role="status" aria-live="polite" data-testid="cursor-note">
        {cursorNote}
      </p>
      {state === 'loading' && (
        <p className="muted" data-testid="log-table-loading" role="status">
          {intl.formatMessage({ id: 'logs.table.reading' })}
        </p>
      )}
      {state === 'error' && (
        <div className="error" role="alert" data-testid="log-table-error">
          {intl.formatMessage({ id: 'logs.table.failed' }, { message: rows.error?.message ?? '' })}{' '}
          <button type="button" onClick={() => void rows.refetch()}>
            {intl.formatMessage({ id: 'logs.table.retry' })}
          </button>
        </div>
      )}
      {state === 'empty' && (
        <div className="muted empty-state" data-testid="log-list-empty" role="status">
          {empty}
        </div>
      )}
      <div ref={scrollRef} className="triage-scroll" hidden={state !== 'ready'}>
        <table
          className="triage-table"
          role="grid"
          aria-label={label}
          aria-rowcount={rows.total + 1}
          data-testid="log-list"
          style={{ height: `calc(var(--triage-head) + ${virtualizer.getTotalSize()}px)` }}
        >
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id} aria-rowindex={1}>
                {group.headers.map((header) => (
                  <th key={header.id} className={`col-${header.column.id}`} scope="col" data-short={shortTitle(header.column.id)}>
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }} data-skim={skim ? 'true' : undefined}>
            {table
              .getRowModel()
              .rows.map((row, place) => (
                <LogTableRow key={row.original.index} row={row} size={items[place]!.size} reviewer={reviewer} now={now} skim={skim} />
              ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
