import { describe, expect, it } from 'vitest';
import type { TriageRow } from '../../../src-shared/ipc/triage.js';
import { afterPosition, checkCursor, cursorRow, findNear, NEAR_ROWS, stepCursor, whyItLeft, type LogCursor } from './cursor-rules.js';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const row = (n: number, status = 'pending_review'): TriageRow => ({ log: { id: id(n), plugin_id: `shop-${n}`, status } }) as unknown as TriageRow;

/** A view of rows by log number; `unread` indexes are not read yet (their page is not loaded). */
function view(numbers: number[], unread: ReadonlySet<number> = new Set()) {
  const rows = numbers.map((n) => row(n));
  return { total: rows.length, rowAt: (index: number) => (unread.has(index) ? undefined : rows[index]) };
}

describe('the keyboard cursor belongs to a log, not to a row position', () => {
  it('follows its log when rows are inserted above it, removed above it, or re-sorted', () => {
    const cursor: LogCursor = { id: id(3), index: 2 };
    const inserted = view([90, 91, 1, 2, 3, 4]);
    expect(checkCursor(cursor, inserted.rowAt, inserted.total)).toEqual({ kind: 'moved', cursor: { id: id(3), index: 4 } });
    const removed = view([3, 4]);
    expect(checkCursor(cursor, removed.rowAt, removed.total)).toEqual({ kind: 'moved', cursor: { id: id(3), index: 0 } });
    const resorted = view([4, 3, 2, 1]);
    expect(checkCursor(cursor, resorted.rowAt, resorted.total)).toEqual({ kind: 'moved', cursor: { id: id(3), index: 1 } });
    const unchanged = view([1, 2, 3]);
    expect(checkCursor(cursor, unchanged.rowAt, unchanged.total)).toEqual({ kind: 'none' });
  });

  it('acts (a, r, Enter) on its log wherever it moved, and on nothing when the log is not among the rows read', () => {
    const cursor: LogCursor = { id: id(3), index: 0 };
    const shifted = view([7, 8, 3]);
    expect(cursorRow(cursor, shifted.rowAt, shifted.total)?.log.id).toBe(id(3));
    const gone = view([7, 8, 9]);
    expect(cursorRow(cursor, gone.rowAt, gone.total)).toBeUndefined();
    expect(cursorRow({ id: null, index: 0 }, gone.rowAt, gone.total)).toBeUndefined();
  });

  it('moves j/k from where its log is now, not from where it was', () => {
    const rows = view([90, 91, 1, 2, 3, 4]);
    expect(stepCursor({ id: id(3), index: 2 }, 1, rows.rowAt, rows.total)).toEqual({ id: id(4), index: 5 });
    expect(stepCursor({ id: id(3), index: 2 }, -1, rows.rowAt, rows.total)).toEqual({ id: id(2), index: 3 });
    expect(stepCursor({ id: id(4), index: 5 }, 1, rows.rowAt, rows.total)).toEqual({ id: id(4), index: 5 });
    expect(stepCursor(null, 1, rows.rowAt, rows.total)).toEqual({ id: id(90), index: 0 });
    expect(stepCursor(null, 1, () => undefined, 0)).toBeNull();
  });

  it('steps onto a row not read yet with no log, and takes the log once the row arrives', () => {
    const unread = view([1, 2, 3], new Set([2]));
    const pending = stepCursor({ id: id(2), index: 1 }, 1, unread.rowAt, unread.total);
    expect(pending).toEqual({ id: null, index: 2 });
    expect(checkCursor(pending, unread.rowAt, unread.total)).toEqual({ kind: 'none' });
    const read = view([1, 2, 3]);
    expect(checkCursor(pending, read.rowAt, read.total)).toEqual({ kind: 'moved', cursor: { id: id(3), index: 2 } });
  });

  it('asks main when its log is not among the rows read, and says nothing while its place is not read', () => {
    const cursor: LogCursor = { id: id(3), index: 1 };
    const gone = view([1, 2, 4]);
    expect(checkCursor(cursor, gone.rowAt, gone.total)).toEqual({ kind: 'ask' });
    const scrolledAway = view([1, 2, 4], new Set([1]));
    expect(checkCursor(cursor, scrolledAway.rowAt, scrolledAway.total)).toEqual({ kind: 'none' });
    expect(checkCursor(cursor, () => undefined, 0)).toEqual({ kind: 'ask' });
    // Farther than the rows looked through locally: main is asked, and the answer follows the log.
    const far = view([...Array.from({ length: NEAR_ROWS + 5 }, (_, n) => 1000 + n), 3]);
    expect(findNear(id(3), 1, far.rowAt, far.total)).toBeNull();
    expect(afterPosition({ id: id(3), index: 1 }, { index: NEAR_ROWS + 5, row: row(3) }, { ...far, lastSeen: row(3), decidedHere: false })).toEqual({
      cursor: { id: id(3), index: NEAR_ROWS + 5 },
      note: null,
    });
  });

  it('moves to the log now in its former place when its log left the view, and names both logs and why', () => {
    const now = view([1, 2, 4, 5]);
    const left = afterPosition({ id: id(3), index: 2 }, { index: null, row: row(3, 'approved') }, { ...now, lastSeen: row(3), decidedHere: false });
    expect(left).toEqual({
      cursor: { id: id(4), index: 2 },
      note: `Log ${id(3).slice(0, 8)} (shop-3) left the view (approved elsewhere); cursor moved to log ${id(4).slice(0, 8)} (shop-4).`,
    });
  });

  it('moves to the previous log when its log was the last, and to none when the view is empty', () => {
    const now = view([1, 2]);
    expect(afterPosition({ id: id(3), index: 2 }, { index: null, row: row(3, 'rejected') }, { ...now, lastSeen: row(3), decidedHere: true }).cursor).toEqual({ id: id(2), index: 1 });
    const empty = afterPosition({ id: id(3), index: 0 }, { index: null, row: null }, { rowAt: () => undefined, total: 0, lastSeen: row(3), decidedHere: false });
    expect(empty.cursor).toBeNull();
    expect(empty.note).toMatch(/left the view \(no longer in the cache\); no log is left in the view\.$/);
  });

  it('says why its log left: decided here, decided elsewhere, or no longer matching the filters', () => {
    expect(whyItLeft(row(3), row(3, 'rolled_back'), true)).toBe('rolled back');
    expect(whyItLeft(row(3), row(3, 'approved'), false)).toBe('approved elsewhere');
    expect(whyItLeft(row(3), row(3), false)).toBe('it no longer matches the filters');
    expect(whyItLeft(undefined, row(3, 'approved'), false)).toBe('it no longer matches the filters');
  });
});
