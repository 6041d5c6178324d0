import { join } from 'node:path';
import type { IpcEventName, IpcEventPayload } from '../../src-shared/ipc/contract.js';
import type { SyncStatus } from '../../src-shared/ipc/model.js';
import type { NotificationsStatus } from '../../src-shared/ipc/notifications.js';
import { MainLanguageSetting, type MainLanguage } from '../i18n/main-language.js';
import { CacheDb } from '../cache/cache-db.js';
import { createRepositories } from '../cache/repositories/index.js';
import type { CacheTable } from '../cache/tables.js';
import type { SecretStore } from '../services/secret-store.js';
import { SettingsService } from '../services/settings-service.js';
import { ConflictService } from '../services/conflict-service.js';
import { DecisionDesk } from '../services/decision-desk.js';
import { DecisionService } from '../services/decision-service.js';
import { DeliveryWatch } from '../services/delivery-watch.js';
import { OutboxService } from '../services/outbox-service.js';
import { Emitter, type Disposable } from '../util/emitter.js';
import { silentLog, type LogFn } from '../util/log.js';
import { EmbeddedBackend } from '../services/embedded-backend.js';
import { LogDetailService } from '../services/log-detail-service.js';
import { LogQueryService } from '../services/log-query-service.js';
import { createCacheNotifier, type DesktopNotificationPort } from '../services/notifier.js';
import { OverviewService } from '../services/overview-service.js';
import { PatchPreviewService } from '../services/patch-preview-service.js';
import { CsvExports } from '../services/patches/csv-exports.js';
import { DraftService } from '../services/patches/draft-service.js';
import { FieldStatsRefresher } from '../services/patches/field-stats-refresher.js';
import { PatchDesk } from '../services/patches/patch-desk.js';
import { RolloutService } from '../services/patches/rollout-service.js';
import { PatchListService } from '../services/patches/patch-list-service.js';
import type { SessionTuning } from '../services/session.js';
import { SessionManager } from '../services/session-manager.js';

/** One push event for the shells to forward. */
export type MainEvent = { [E in IpcEventName]: { event: E; payload: IpcEventPayload<E> } }[IpcEventName];

/** Everything the IPC router calls. The shells only carry messages to and from it. */
export interface MainServices {
  /** The triage tables' pages and counts, and the detail pane's cached log. */
  logs: LogQueryService;
  /** The detail pane's backend reads (audit trail) and auto-apply pauses. */
  logDetail: LogDetailService;
  /** What each log's patch changes: the backend's previews, cached and fetched in the background. */
  previews: Pick<PatchPreviewService, 'forLog'>;
  /** The overview page's stat cards and confidence analytics, from the cache. */
  overview: OverviewService;
  /** Decisions (and conflict resolutions), each answered with what became of its push. */
  decisions: DecisionDesk;
  /** The SDK patch registry as the Patches screen reads it. */
  patches: Pick<PatchListService, 'list' | 'detail'>;
  /** Reviews of patch versions, deactivations and reactivations, each answered with its push's outcome. */
  patchDesk: PatchDesk;
  /** Patch drafts on this workstation, their submission, and the dry run. */
  drafts: DraftService;
  /** The backend's field figures and runbook tables, cached and refreshed after pulls. */
  fieldStats: Pick<FieldStatsRefresher, 'refreshNow' | 'unpatched' | 'runbook'>;
  /** Staged rollouts of patch versions and the runbook's alerts (cached, refreshed after pulls), and a reviewer's hand on a rollout. */
  rollouts: Pick<RolloutService, 'list' | 'forPatch' | 'alerts' | 'refreshNow' | 'act'>;
  /** CSV exports (the runbook's tables, the healing logs). */
  exports: CsvExports;
  sync: { status(): SyncStatus; syncNow(): Promise<SyncStatus>; resync(): Promise<SyncStatus> };
  conflicts: ConflictService;
  outbox: OutboxService;
  settings: SettingsService;
  /** Who shows desktop alerts for new urgent items: this process (desktop app) or the page (browser shell). */
  notifications: { status(): NotificationsStatus; setLanguage(choice: MainLanguage | 'system'): { language: MainLanguage } };
  /** Push events: sync progress and status, changed cache tables, conflicts. */
  onDidEmit(listener: (event: MainEvent) => void): Disposable;
}

export interface StartMainServicesOptions {
  /** The app's data folder: the cache file, the token file, the embedded backend's data. */
  dataDir: string;
  secretStore: SecretStore;
  log?: LogFn;
  /** Start the reference backend in-process when no profile is configured (default true). */
  embedded?: boolean;
  /** Run the embedded backend's traffic simulator (default true). */
  simulator?: boolean;
  /** With no backend chosen yet, start on the embedded demo instead of showing the welcome screen. */
  demo?: boolean;
  /** Where the cache migrations are, for bundled builds. */
  migrationsDir?: string;
  /** The better-sqlite3 binary for this runtime when it is not node_modules' (Electron). */
  nativeBinding?: string;
  tuning?: SessionTuning;
  /**
   * The OS's notifications (the desktop app passes Electron's). With it, this process announces new
   * high and critical items waiting for review itself; without it, the page does (browser shell).
   */
  desktopNotifications?: DesktopNotificationPort;
}

const STATUS_TABLES: ReadonlySet<CacheTable> = new Set(['outbox', 'conflicts', 'sync_state', 'profiles']);

/**
 * The composition root of the main process: opens the cache, wires repositories, sessions and
 * services, starts syncing (with no profile chosen yet, the welcome screen asks; `demo` picks the embedded backend), and turns cache
 * and sync events into the contract's push events.
 */
export async function startMainServices(options: StartMainServicesOptions): Promise<MainServices & { close(): Promise<void> }> {
  const log = options.log ?? silentLog;
  const cache = CacheDb.open({
    file: join(options.dataDir, 'cache.sqlite'),
    log,
    ...(options.migrationsDir ? { migrationsDir: options.migrationsDir } : {}),
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  const repos = createRepositories(cache, { log });
  const embedded = options.embedded === false ? undefined : new EmbeddedBackend(options.dataDir, log, { simulator: options.simulator ?? true });
  const sessions = new SessionManager({ repos, secrets: options.secretStore, log, embedded, demoOnFirstStart: options.demo ?? false, ...(options.tuning ? { tuning: options.tuning } : {}) });
  const active = () => sessions.activeProfileId();
  const kick = () => void sessions.kick();
  const conflicts = new ConflictService(repos, active, kick);
  const watch = new DeliveryWatch({ onDidSettleItem: sessions.onDidSettleItem, onDidPush: sessions.onDidPush, kick: () => sessions.kick() });
  // The watch kicks the pusher once the decisions of a call are queued.
  const decisions = new DecisionDesk(repos, new DecisionService(repos, active, () => undefined), conflicts, watch);
  const previews = new PatchPreviewService({ repos, client: () => sessions.activeClient(), log });
  const fieldStats = new FieldStatsRefresher({ repos, client: () => sessions.activeClient(), log });
  const patchDecisions = new DecisionService(repos, active, () => undefined);
  const patches = new PatchListService(repos);
  const rollouts = new RolloutService({ repos, client: () => sessions.activeClient(), activeProfileId: active, decisions: patchDecisions, watch, log });

  const events = new Emitter<MainEvent>((error) => log(`an event listener failed: ${String(error)}`));
  let lastStatus = '';
  let statusPending = false;
  let closed = false;
  const emitStatus = () => {
    if (statusPending || closed) return;
    statusPending = true;
    // Coalesced: a sync page touching several tables redraws the status bar once.
    setImmediate(() => {
      statusPending = false;
      if (closed) return;
      const status = sessions.status();
      const text = JSON.stringify(status);
      if (text === lastStatus) return;
      lastStatus = text;
      events.fire({ event: 'sync.status', payload: status });
    });
  };
  const disposers: Disposable[] = [
    cache.onDidChangeTables((tables) => {
      events.fire({ event: 'cache.changed', payload: { tables: [...tables] } });
      if (tables.includes('conflicts')) {
        const profileId = active();
        events.fire({ event: 'conflicts.changed', payload: { count: profileId ? repos.conflicts.count(profileId) : 0 } });
      }
      if (tables.some((t) => STATUS_TABLES.has(t))) emitStatus();
    }),
    sessions.onDidChangeStatus(emitStatus),
    sessions.onDidProgress((progress) => events.fire({ event: 'sync.progress', payload: progress })),
    // After each pull: the previews of logs still waiting for a decision, in the background.
    sessions.onDidProgress((progress) => {
      if (!progress.hasMore) void previews.refreshPending();
    }),
    // And the SDK patches' field figures and runbook tables, at most once a minute.
    sessions.onDidProgress((progress) => {
      if (!progress.hasMore) void fieldStats.refreshInBackground();
    }),
    // And the patches' rollouts and the runbook's alerts, at most once a minute too.
    sessions.onDidProgress((progress) => {
      if (!progress.hasMore) void rollouts.refreshInBackground();
    }),
  ];

  const language = new MainLanguageSetting();
  const notifier = options.desktopNotifications ? createCacheNotifier(repos, options.desktopNotifications, log, language.format) : undefined;
  await sessions.start();

  return {
    logs: new LogQueryService(repos),
    logDetail: new LogDetailService(repos, () => sessions.activeClient()),
    previews,
    patches,
    patchDesk: new PatchDesk(repos, patchDecisions, watch),
    drafts: new DraftService(repos, patchDecisions, watch),
    fieldStats,
    rollouts,
    exports: new CsvExports(repos),
    overview: new OverviewService(cache),
    decisions,
    sync: {
      status: () => sessions.status(),
      syncNow: async () => {
        await sessions.syncNow();
        return sessions.status();
      },
      resync: async () => {
        await sessions.resync();
        return sessions.status();
      },
    },
    conflicts,
    outbox: new OutboxService(repos, active, () => sessions.pusherState(), kick),
    settings: new SettingsService(repos, options.secretStore, sessions),
    notifications: {
      status: () => notifier?.status() ?? { shownBy: 'renderer' },
      setLanguage: (choice) => {
        language.chosen(choice);
        return { language: language.current };
      },
    },
    onDidEmit: events.event,
    async close() {
      closed = true;
      notifier?.dispose();
      for (const dispose of disposers) dispose();
      await previews.close();
      await fieldStats.close();
      await rollouts.close();
      patches.dispose();
      await sessions.close();
      events.dispose();
      cache.close();
    },
  };
}
