import { useEffect, useRef, type RefObject } from 'react';
import type { TriageRow } from '../../../src-shared/ipc/triage.js';
import { checks } from './check-store.js';
import { currentIndex, cursorRow, stepCursor } from './cursor-rules.js';
import { whyNotDecidable } from './decidability.js';
import { useApproveLogMutation } from './mutations.js';
import { useSelectionStore } from '../../shared/selection-store.js';
import { tableUi } from './table-ui-store.js';

interface KeyboardTable {
  total: number;
  rowAt(index: number): TriageRow | undefined;
  scrollToIndex(index: number): void;
  reviewer: string | null;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** Keys typed into a field, or with a modifier, are the field's (or the browser's), not ours. */
function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey) return true;
  const target = event.target as HTMLElement | null;
  if (!target || !(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('.cm-editor')) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  return tag === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox';
}

/**
 * Triage from the keyboard: j/k move the cursor, Enter opens the log, x checks it, a approves,
 * r asks for a reject reason, / jumps to the search box, ? shows the shortcuts, Escape closes them.
 * Every key acts on the cursor's log, wherever rows inserted or removed above it have moved it.
 */
export function useTableKeyboard(table: KeyboardTable): void {
  const approve = useApproveLogMutation();
  const latest = useRef({ table, approve });
  latest.current = { table, approve };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        tableUi.shortcutsToggled(false);
        return;
      }
      if (isTyping(event)) return;
      const { table: t, approve: a } = latest.current;
      const cursor = tableUi.cursor();
      const move = (delta: number) => {
        const next = stepCursor(cursor, delta, t.rowAt, t.total);
        if (!next) return;
        tableUi.cursorMoved(next);
        t.scrollToIndex(next.index);
      };
      // The cursor's log wherever it is now (rows may have moved since the cursor was set).
      const row = cursorRow(cursor, t.rowAt, t.total);
      switch (event.key) {
        case 'j':
          move(1);
          break;
        case 'k':
          move(-1);
          break;
        case 'Enter':
          // Enter on a button or link is that control's own activation.
          if (!row || (event.target instanceof HTMLElement && event.target.closest('button, a[href], summary'))) return;
          useSelectionStore.getState().logSelected(row.log.id);
          break;
        case 'x':
          if (cursor === null || !row) return;
          checks.checkboxClicked(currentIndex(cursor, t.rowAt, t.total), false, (index) => t.rowAt(index)?.log.id);
          break;
        case 'a':
          if (!row || whyNotDecidable(row, 'approve', t.reviewer) !== null) return;
          a.mutate({ logId: row.log.id });
          break;
        case 'r':
          if (!row || whyNotDecidable(row, 'reject', t.reviewer) !== null) return;
          tableUi.rejectOpened(row.log.id);
          break;
        case '/':
          t.searchRef.current?.focus();
          break;
        case '?':
          tableUi.shortcutsToggled();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
