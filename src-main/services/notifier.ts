import { alertText, newUrgentItems, type FormatMessage, type ReviewAlertMemory, type UrgentLook } from '../../src-shared/domain/review-alerts.js';
import { DesktopAlertSchema, type DesktopAlert, type NotificationsStatus } from '../../src-shared/ipc/notifications.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { Disposable } from '../util/emitter.js';
import { describeError, type LogFn } from '../util/log.js';

/** What shows a desktop notification: Electron's `Notification` in the desktop app (src-main/electron). */
export interface DesktopNotificationPort {
  /** False where the OS has no notification service; nothing is shown then and the UI says so. */
  readonly supported: boolean;
  show(alert: DesktopAlert): void;
}

/** Where the cache stands: alerts wait for the first full pull of the active profile. */
export interface NotifierSyncView {
  profileId: string | null;
  initialSyncDone: boolean;
}

export interface NotifierDeps {
  port: DesktopNotificationPort;
  /** The newest high and critical logs waiting for review in the cache. */
  readUrgent(): UrgentLook;
  syncView(): NotifierSyncView;
  /** Fires when cached logs or the sync state changed (sync pages, first sync done, profile switched, cache reset). */
  onDidChange(listener: () => void): Disposable;
  log: LogFn;
  /** Words the alert in the console's language (MainLanguageSetting.format). */
  format: FormatMessage;
  /** Runs a check soon, once per burst of events (tests run it at once). */
  schedule?: (run: () => void) => void;
}

/** How many of the newest urgent items each look reads. */
export const URGENT_LOOK_LIMIT = 200;

/**
 * Announces new high and critical logs waiting for review as desktop notifications, from what
 * sync brings into the cache, without the page asking. The backlog present when the first full
 * pull of a profile ends is remembered, not announced; after that each item is announced once. A
 * switch of profile or a cache reset starts over.
 */
export class Notifier {
  private memory: ReviewAlertMemory | null = null;
  private profileId: string | null = null;
  private pending = false;
  private disposed = false;
  private readonly unsubscribe: Disposable;

  constructor(private readonly deps: NotifierDeps) {
    this.unsubscribe = deps.onDidChange(() => this.scheduleCheck());
    this.scheduleCheck();
  }

  /** What the page needs to know: the main process announces, and whether the OS can show them. */
  status(): NotificationsStatus {
    return { shownBy: 'main', supported: this.deps.port.supported };
  }

  /** Looks at the cache once: forgets on a new profile or an unfinished first sync, announces what is new. */
  check(): void {
    if (this.disposed) return;
    const { profileId, initialSyncDone } = this.deps.syncView();
    if (profileId !== this.profileId || !initialSyncDone) {
      this.memory = null;
      this.profileId = profileId;
    }
    if (profileId === null || !initialSyncDone) return;
    const { memory, fresh } = newUrgentItems(this.memory, this.deps.readUrgent());
    this.memory = memory;
    if (fresh.length === 0 || !this.deps.port.supported) return;
    try {
      this.deps.port.show(DesktopAlertSchema.parse(alertText(fresh, this.deps.format)));
    } catch (error) {
      // A failed alert never stops sync; the next new item tries again.
      this.deps.log(`a desktop notification could not be shown: ${describeError(error)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.unsubscribe();
  }

  private scheduleCheck(): void {
    if (this.pending || this.disposed) return;
    this.pending = true;
    const schedule = this.deps.schedule ?? ((run: () => void) => setImmediate(run));
    schedule(() => {
      this.pending = false;
      try {
        this.check();
      } catch (error) {
        this.deps.log(`checking for new urgent logs failed: ${describeError(error)}`);
      }
    });
  }
}

/** Reads the newest high and critical logs waiting for review from the cache. */
export function urgentFromCache(repos: Repositories, limit = URGENT_LOOK_LIMIT): UrgentLook {
  const page = repos.logQuery.slice({ filters: { status: ['pending_review'], severity: ['high', 'critical'] }, sort: 'newest', limit, offset: 0 });
  return {
    complete: !page.hasMore,
    items: page.items.map(({ log }) => ({ id: log.id, severity: log.issue_severity, issue: log.detected_issue, pluginId: log.plugin_id, createdAt: log.created_at })),
  };
}

/** A notifier over the console's cache: it looks whenever cached logs or the sync state change. */
export function createCacheNotifier(
  repos: Repositories,
  port: DesktopNotificationPort,
  log: LogFn,
  format: FormatMessage,
  schedule?: NotifierDeps['schedule'],
): Notifier {
  return new Notifier({
    port,
    log,
    format,
    readUrgent: () => urgentFromCache(repos),
    syncView: () => {
      const { profileId, initialSyncDone } = repos.syncState.get();
      return { profileId, initialSyncDone };
    },
    onDidChange: (listener) =>
      repos.cache.onDidChangeTables((tables) => {
        if (tables.includes('healing_logs') || tables.includes('sync_state')) listener();
      }),
    ...(schedule ? { schedule } : {}),
  });
}
