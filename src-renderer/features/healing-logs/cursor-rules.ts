import type { TriageRow } from '../../../src-shared/ipc/triage.js';
import { logName } from '../../infra/decision-notice.js';
import { currentIntl } from '../../infra/i18n/intl.js';

/**
 * The keyboard cursor: the log it is on, and where that log was last seen in the view. The log is
 * what counts (a/r/Enter act on it, rows inserted, removed or re-sorted above never move the cursor
 * to another log); the index is where j/k start from and where its successor is found if it leaves.
 * `id` is null for a moment when j/k reach a row not read yet; the row's log fills it in on arrival.
 */
export interface LogCursor {
  id: string | null;
  index: number;
}

type RowAt = (index: number) => TriageRow | undefined;

/**
 * How far from its last place the cursor's log is looked for among the rows read before main is
 * asked where it went (a burst of this many inserts or removals above it is followed locally).
 */
export const NEAR_ROWS = 200;

/** The index of a log among the rows read, looked for from `from` outward; null when it is not among them. */
export function findNear(id: string, from: number, rowAt: RowAt, total: number): number | null {
  for (let distance = 0; distance <= NEAR_ROWS; distance++) {
    const below = from + distance;
    if (below < total && rowAt(below)?.log.id === id) return below;
    const above = from - distance;
    if (distance > 0 && above >= 0 && above < total && rowAt(above)?.log.id === id) return above;
  }
  return null;
}

/** Where the cursor's log is now, as far as the rows read tell (else its last place, within the view). */
export function currentIndex(cursor: LogCursor, rowAt: RowAt, total: number): number {
  const last = Math.max(0, Math.min(cursor.index, total - 1));
  return cursor.id === null ? last : (findNear(cursor.id, cursor.index, rowAt, total) ?? last);
}

/** j/k: the row `delta` away from where the cursor's log is now (the first row when there is no cursor). */
export function stepCursor(cursor: LogCursor | null, delta: number, rowAt: RowAt, total: number): LogCursor | null {
  if (total === 0) return null;
  const index = cursor === null ? 0 : Math.min(total - 1, Math.max(0, currentIndex(cursor, rowAt, total) + delta));
  return { id: rowAt(index)?.log.id ?? null, index };
}

/** The cursor's row (what a, r and Enter act on): its log wherever it is among the rows read, else none. */
export function cursorRow(cursor: LogCursor | null, rowAt: RowAt, total: number): TriageRow | undefined {
  if (cursor?.id == null) return undefined;
  const index = findNear(cursor.id, cursor.index, rowAt, total);
  return index === null ? undefined : rowAt(index);
}

/** What to do after the rows changed: nothing, follow the log to its new place, or ask main where it went. */
export type CursorCheck = { kind: 'none' } | { kind: 'moved'; cursor: LogCursor | null } | { kind: 'ask' };

export function checkCursor(cursor: LogCursor | null, rowAt: RowAt, total: number): CursorCheck {
  if (cursor === null) return { kind: 'none' };
  if (total === 0) return cursor.id === null ? { kind: 'moved', cursor: null } : { kind: 'ask' };
  const probe = Math.min(cursor.index, total - 1);
  const atPlace = rowAt(probe);
  if (cursor.id === null) return atPlace ? { kind: 'moved', cursor: { id: atPlace.log.id, index: probe } } : { kind: 'none' };
  // Its place is not read (scrolled far away): nothing can be told until it is.
  if (!atPlace) return { kind: 'none' };
  const found = findNear(cursor.id, cursor.index, rowAt, total);
  if (found === cursor.index) return { kind: 'none' };
  if (found !== null) return { kind: 'moved', cursor: { id: cursor.id, index: found } };
  return { kind: 'ask' };
}

/** Main's answer to "where is the cursor's log now": its index in the view (null: left it) and its cached row. */
export interface PositionAnswer {
  index: number | null;
  row: TriageRow | null;
}

/**
 * After main answered: the log is elsewhere in the view (the cursor follows it, silently), or it left
 * the view, and the cursor goes to the log now in its former place (the previous one when it was the
 * last, none when the view is empty), with a note naming both logs and why the first left.
 */
export function afterPosition(
  cursor: LogCursor & { id: string },
  answer: PositionAnswer,
  context: { rowAt: RowAt; total: number; lastSeen: TriageRow | undefined; decidedHere: boolean },
): { cursor: LogCursor | null; note: string | null } {
  if (answer.index !== null) return { cursor: { id: cursor.id, index: answer.index }, note: null };
  const { rowAt, total, lastSeen } = context;
  const index = total === 0 ? null : Math.min(cursor.index, total - 1);
  const next = index === null ? undefined : rowAt(index);
  const intl = currentIntl();
  const name = capitalised(logName(cursor.id, lastSeen?.log.plugin_id ?? answer.row?.log.plugin_id ?? null), intl.locale);
  const left = intl.formatMessage({ id: 'logs.cursor.left' }, { name, why: whyItLeft(lastSeen, answer.row, context.decidedHere) });
  if (index === null) return { cursor: null, note: intl.formatMessage({ id: 'logs.cursor.leftEmpty' }, { left }) };
  const target = next ? logName(next.log.id, next.log.plugin_id) : intl.formatMessage({ id: 'logs.cursor.row' }, { index: index + 1 });
  return { cursor: { id: next?.log.id ?? null, index }, note: intl.formatMessage({ id: 'logs.cursor.moved' }, { left, target }) };
}

/** Why a log left the view: decided (here or elsewhere), no longer cached, or no longer matching the filters. */
export function whyItLeft(before: TriageRow | undefined, now: TriageRow | null, decidedHere: boolean): string {
  const intl = currentIntl();
  if (now === null) return intl.formatMessage({ id: 'logs.cursor.notCached' });
  if (before && before.log.status !== now.log.status) {
    const status = intl.formatMessage({ id: `shared.status.${now.log.status}` });
    return intl.formatMessage({ id: decidedHere ? 'logs.cursor.statusHere' : 'logs.cursor.statusElsewhere' }, { status });
  }
  return intl.formatMessage({ id: 'logs.cursor.filtered' });
}

function capitalised(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
