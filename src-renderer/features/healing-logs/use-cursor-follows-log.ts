import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { TriageFilters, TriageRow, TriageSort } from '../../../src-shared/ipc/triage.js';
import { useOpsApi } from '../../infra/bridge-context.js';
import { decidedHere } from '../../infra/decision-notice.js';
import { call } from '../../ipc/call.js';
import { afterPosition, checkCursor } from './cursor-rules.js';
import { logKeys } from './queries.js';
import { tableUi } from './table-ui-store.js';

interface FollowedRows {
  filters: TriageFilters;
  sort: TriageSort;
  total: number;
  rowAt(index: number): TriageRow | undefined;
  /** True while another filter's rows stand in for this one's. */
  isStale: boolean;
}

/**
 * Keeps the cursor on its log while rows are inserted, removed and re-sorted: after the rows read
 * change (and no page is being read), the cursor's index follows its log among them; when the log is
 * not among them, main says where it is now, or that it left the view, and then the cursor moves to
 * the log now in its place and the table's live region says so.
 */
export function useCursorFollowsLog(rows: FollowedRows): void {
  const api = useOpsApi();
  const queryClient = useQueryClient();
  const latest = useRef(rows);
  latest.current = rows;
  const lastSeen = useRef<TriageRow | undefined>(undefined);
  const { rowAt, total, isStale } = rows;

  // The cursor's log as the user put the cursor on it (a later change may take it out of the view).
  useEffect(
    () =>
      tableUi.onCursorMoved((cursor) => {
        const row = cursor === null ? undefined : latest.current.rowAt(cursor.index);
        if (row && row.log.id === cursor?.id) lastSeen.current = row;
      }),
    [],
  );

  useEffect(() => {
    const cursor = tableUi.cursor();
    // Pages arrive one by one after a change: a log between two pages would look gone meanwhile.
    if (cursor === null || isStale || queryClient.isFetching({ queryKey: [...logKeys.all, 'triage-page'] }) > 0) return;
    const check = checkCursor(cursor, rowAt, total);
    if (check.kind === 'moved') tableUi.cursorMoved(check.cursor);
    // The log as last seen in the view, to tell later why it left (decided, filtered out).
    const place = check.kind === 'moved' ? check.cursor?.index : cursor.index;
    const seen = place === undefined ? undefined : rowAt(place);
    if (seen && seen.log.id === (check.kind === 'moved' ? check.cursor?.id : cursor.id)) lastSeen.current = seen;
    if (check.kind !== 'ask' || cursor.id === null) return;

    const asked = { id: cursor.id, index: cursor.index };
    let current = true;
    const { filters, sort } = latest.current;
    call(api, 'ops:triage.position', { filters, sort, id: asked.id })
      .then((answer) => {
        // The user moved the cursor meanwhile, or the table changed filters: that answer is old.
        if (!current || tableUi.cursor()?.id !== asked.id) return;
        const now = latest.current;
        const seenBefore = lastSeen.current?.log.id === asked.id ? lastSeen.current : undefined;
        const next = afterPosition(asked, answer, { rowAt: now.rowAt, total: now.total, lastSeen: seenBefore, decidedHere: decidedHere(asked.id) !== undefined });
        tableUi.cursorMoved(next.cursor);
        if (next.note) tableUi.cursorAnnounced(next.note);
      })
      .catch(() => undefined); // Unreachable main: the cursor stays where it was until the next change.
    return () => {
      current = false;
    };
  }, [api, queryClient, rowAt, total, isStale]);
}
