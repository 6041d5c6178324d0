// Which logs waiting for review deserve a desktop alert, and its words. Shared by the desktop app's
// main process (which announces what sync brings in) and the browser shell's page (which uses the
// web Notification API), so both announce the same items in the same words.
import { ALERT_BODY_MAX, ALERT_TITLE_MAX, type DesktopAlert } from '../ipc/notifications.js';
import type { Severity } from '../schemas/common.js';

/** A log waiting for review, as far as an alert needs it. */
export interface ReviewAlertItem {
  id: string;
  severity: Severity;
  issue: string;
  pluginId: string;
  /** When the analyser proposed it (ISO 8601). */
  createdAt: string;
}

/** One read of the newest items waiting for review; `complete` is false when the read stopped at its limit. */
export interface UrgentLook {
  items: readonly ReviewAlertItem[];
  complete: boolean;
}

/** What the alerts remember between looks. */
export interface ReviewAlertMemory {
  /** Items seen already (announced or part of the backlog). */
  readonly known: ReadonlySet<string>;
  /**
   * When the first look stopped at its limit: the creation time of the oldest item it saw. Older
   * items were backlog the look could not reach; when they slide into view later they are not new.
   */
  readonly backlogUntil: number | null;
}

/** Severities worth interrupting someone for. */
export const URGENT_SEVERITIES: ReadonlySet<Severity> = new Set(['high', 'critical']);

/** How many ids the memory keeps; past it the ones seen longest ago are forgotten first. */
export const KNOWN_LIMIT = 10_000;

/**
 * Which items are new since the last look. The first look (`memory` null) only remembers what is
 * there, so opening the console or finishing the first sync does not announce the whole backlog;
 * after that each high or critical item is announced once.
 */
export function newUrgentItems(memory: ReviewAlertMemory | null, look: UrgentLook): { memory: ReviewAlertMemory; fresh: ReviewAlertItem[] } {
  if (memory === null) {
    const oldest = look.complete ? null : Math.min(...look.items.map((item) => Date.parse(item.createdAt)).filter(Number.isFinite));
    return { memory: { known: new Set(look.items.map((item) => item.id)), backlogUntil: Number.isFinite(oldest) ? oldest : null }, fresh: [] };
  }
  const known = new Set(memory.known);
  const fresh: ReviewAlertItem[] = [];
  for (const item of look.items) {
    if (known.has(item.id)) continue;
    known.add(item.id);
    if (!URGENT_SEVERITIES.has(item.severity)) continue;
    const created = Date.parse(item.createdAt);
    if (memory.backlogUntil !== null && !(created > memory.backlogUntil)) continue;
    fresh.push(item);
  }
  // A Set iterates in insertion order: the first ids are the ones seen longest ago.
  for (const id of known) {
    if (known.size <= KNOWN_LIMIT) break;
    known.delete(id);
  }
  return { memory: { known, backlogUntil: memory.backlogUntil }, fresh };
}

/**
 * Text safe to hand to any notification service: control characters become spaces (newlines too,
 * unless `lines`), angle brackets become look-alike quotes so no markup can form, runs of spaces
 * collapse, and text past `max` is cut with an ellipsis.
 */
export function plainAlertText(text: string, max: number, lines = false): string {
  const cleaned = text
    // eslint-disable-next-line no-control-regex
    .replace(lines ? /[\u0000-\u0009\u000b-\u001f\u007f]/g : /[\u0000-\u001f\u007f]/g, ' ')
    .replace(/</g, '‹')
    .replace(/>/g, '›')
    .replace(/[ \t]+/g, ' ')
    .trim();
  const chars = [...cleaned];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('').trimEnd()}…` : cleaned;
  return cut === '' ? '—' : cut;
}

/**
 * Words a message of a catalog in the reader's language: `intl.formatMessage({ id }, values)` of
 * `@formatjs/intl` or react-intl. The alert's messages are `reviewAlert.*` in `./messages/{en,fr}.json`,
 * shared by the main process and the renderer so both say the same.
 */
export type FormatMessage = (id: string, values?: Readonly<Record<string, string | number>>) => string;

/** The desktop alert for a batch of new urgent items: one item by its issue, several by their count. */
export function alertText(fresh: readonly ReviewAlertItem[], format: FormatMessage): DesktopAlert {
  const line = (item: ReviewAlertItem) => plainAlertText(`${item.pluginId}: ${item.issue}`, 160);
  if (fresh.length === 1) {
    const [item] = fresh as [ReviewAlertItem];
    return { title: plainAlertText(format('reviewAlert.one', { severity: item.severity }), ALERT_TITLE_MAX), body: plainAlertText(line(item), ALERT_BODY_MAX) };
  }
  const critical = fresh.filter((item) => item.severity === 'critical').length;
  return {
    title: plainAlertText(format('reviewAlert.many', { count: fresh.length, critical }), ALERT_TITLE_MAX),
    body: plainAlertText(fresh.slice(0, 3).map(line).join('\n'), ALERT_BODY_MAX, true),
  };
}
