import { randomUUID } from 'node:crypto';
import type { SyncStatus } from '../../src-shared/ipc/model.js';
import type { BackendClient } from '../backend/backend-client.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { SecretStore } from './secret-store.js';
import type { PullProgress } from '../sync/feed-puller.js';
import type { PushRound, SettledItem } from '../sync/outbox-pusher.js';
import { Emitter, type Disposable } from '../util/emitter.js';
import { describeError, type LogFn } from '../util/log.js';
import { EMBEDDED_PROFILE_NAME, EMBEDDED_TOKEN, type EmbeddedBackend } from './embedded-backend.js';
import { Session, type SessionTuning } from './session.js';

export interface SessionManagerDeps {
  repos: Repositories;
  secrets: SecretStore;
  log: LogFn;
  /** The in-process backend used by the embedded profile (absent: no embedded default). */
  embedded: EmbeddedBackend | undefined;
  tuning?: SessionTuning;
  /**
   * With no profile chosen yet, start on the embedded demo (`--demo`: tests, benchmarks) instead of
   * waiting for the welcome screen's choice.
   */
  demoOnFirstStart?: boolean;
}

/**
 * Owns the session of the active profile: opens it at start (with none chosen yet, the welcome screen
 * asks; `demoOnFirstStart` creates the "Embedded demo" profile instead), switches profiles (the cache is emptied and refilled from the new
 * backend; queued decisions stay with their profile), and re-opens after a token or URL change.
 * Operations are serialised so a switch never overlaps another.
 */
export class SessionManager {
  private session: Session | undefined;
  private sessionDisposers: Disposable[] = [];
  private openError: string | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statusChanged = new Emitter<void>();
  private readonly progress = new Emitter<PullProgress>();
  private readonly settledItem = new Emitter<SettledItem>();
  private readonly pushed = new Emitter<PushRound>();
  readonly onDidChangeStatus = this.statusChanged.event;
  readonly onDidProgress = this.progress.event;
  /** The active session's pusher settled a decision (sent, conflict, refused). */
  readonly onDidSettleItem = this.settledItem.event;
  /** The active session's pusher ended a round. */
  readonly onDidPush = this.pushed.event;

  constructor(private readonly deps: SessionManagerDeps) {}

  /** The profile the cache mirrors (null when none is configured). */
  activeProfileId(): string | null {
    return this.session?.profile.id ?? this.deps.repos.syncState.get().profileId;
  }

  /** The backend client of the active session, for reads the cache cannot answer (undefined: none open). */
  activeClient(): BackendClient | undefined {
    return this.session?.client;
  }

  /** The pusher's view of the outbox (for the outbox page). */
  pusherState(): { lastError: string | null; nextAttemptAt: Date | null } {
    return this.session?.pusher ?? { lastError: null, nextAttemptAt: null };
  }

  start(): Promise<void> {
    return this.serialise(async () => {
      const { repos } = this.deps;
      let profileId = repos.syncState.get().profileId;
      if (!profileId) {
        const profiles = repos.profiles.list();
        profileId = profiles[0]?.id ?? (this.deps.embedded && this.deps.demoOnFirstStart ? await this.createEmbeddedProfile() : null);
        if (profileId) repos.syncState.resetSyncedData(profileId);
      }
      if (profileId) await this.open(profileId);
      else this.statusChanged.fire();
    });
  }

  /** Talks to another profile's backend from now on. */
  switchTo(profileId: string): Promise<void> {
    return this.serialise(() => this.switchInside(profileId));
  }

  /** Whether this shell can run the embedded demo backend. */
  hasEmbedded(): boolean {
    return this.deps.embedded !== undefined;
  }

  /** Talks to the embedded demo backend from now on, creating its profile the first time. */
  useDemo(): Promise<void> {
    return this.serialise(async () => {
      const existing = this.deps.repos.profiles.list().find((profile) => profile.embedded);
      await this.switchInside(existing?.id ?? (await this.createEmbeddedProfile()));
    });
  }

  /** Re-opens the active profile after its URL or token changed (`resetCache` when it may be another backend). */
  reopen(options: { resetCache: boolean }): Promise<void> {
    return this.serialise(async () => {
      const profileId = this.activeProfileId();
      if (!profileId) return;
      await this.closeSession();
      if (options.resetCache) this.deps.repos.syncState.resetSyncedData(profileId);
      await this.open(profileId);
    });
  }

  /** Empties the cache (decisions kept) and pulls everything again. */
  async resync(): Promise<void> {
    await this.reopen({ resetCache: true });
    await this.syncNow();
  }

  async syncNow(): Promise<void> {
    await this.queue;
    await this.session?.engine.syncNow();
  }

  /** Decisions were queued: push soon (false when no session is open to push them). */
  kick(): boolean {
    this.session?.pusher.kick();
    return this.session !== undefined;
  }

  status(): SyncStatus {
    if (this.session) return this.session.engine.status();
    const { repos } = this.deps;
    const state = repos.syncState.get();
    const profile = state.profileId ? repos.profiles.get(state.profileId) : undefined;
    const counts = profile ? repos.outbox.counts(profile.id) : { queued: 0, rejected: 0 };
    return {
      connectivity: 'offline',
      profile: profile ? { id: profile.id, name: profile.name, url: profile.url, embedded: profile.embedded } : null,
      identity: state.identity,
      syncing: false,
      initialSyncDone: state.initialSyncDone,
      cursor: state.cursor,
      lastSuccessAt: state.lastSuccessAt,
      lastError: this.openError ?? (profile ? state.lastError : 'no backend is chosen yet: connect to one or continue with the embedded demo'),
      outboxDepth: counts.queued,
      outboxRejected: counts.rejected,
      conflicts: profile ? repos.conflicts.count(profile.id) : 0,
    };
  }

  close(): Promise<void> {
    return this.serialise(async () => {
      await this.closeSession();
      await this.deps.embedded?.stop();
      this.statusChanged.dispose();
      this.progress.dispose();
      this.settledItem.dispose();
      this.pushed.dispose();
    });
  }

  private async switchInside(profileId: string): Promise<void> {
    if (this.session?.profile.id === profileId) return;
    await this.closeSession();
    this.deps.repos.syncState.resetSyncedData(profileId);
    await this.open(profileId);
  }

  private async createEmbeddedProfile(): Promise<string> {
    const id = randomUUID();
    this.deps.repos.profiles.insert({ id, name: EMBEDDED_PROFILE_NAME, url: 'http://127.0.0.1', embedded: true, createdAt: new Date().toISOString() });
    await this.deps.secrets.save(id, EMBEDDED_TOKEN);
    this.deps.log(`no backend profile configured: using the embedded reference backend ("${EMBEDDED_PROFILE_NAME}")`);
    return id;
  }

  private async open(profileId: string): Promise<void> {
    const { repos, embedded, secrets, log } = this.deps;
    this.openError = null;
    let profile = repos.profiles.get(profileId);
    try {
      if (!profile) throw new Error(`profile ${profileId} does not exist`);
      if (profile.embedded) {
        if (!embedded) throw new Error('the embedded backend is turned off in this shell');
        const url = await embedded.start();
        if (url !== profile.url) repos.profiles.update(profile.id, profile.name, url);
        profile = repos.profiles.get(profileId)!;
      } else {
        await embedded?.stop();
      }
      const session = new Session(profile, await secrets.load(profile.id), repos, log, this.deps.tuning);
      this.sessionDisposers = [
        session.engine.onDidChangeStatus(() => this.statusChanged.fire()),
        session.engine.onDidProgress((p) => this.progress.fire(p)),
        session.pusher.onDidSettleItem((item) => this.settledItem.fire(item)),
        session.pusher.onDidPush((round) => this.pushed.fire(round)),
      ];
      this.session = session;
      session.start();
    } catch (error) {
      this.openError = `could not connect profile ${profile?.name ?? profileId}: ${describeError(error)}`;
      log(this.openError);
    }
    this.statusChanged.fire();
  }

  private async closeSession(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    for (const dispose of this.sessionDisposers.splice(0)) dispose();
    await session?.stop();
  }

  private serialise<T>(task: () => Promise<T>): Promise<T> {
    const next = this.queue.then(task);
    this.queue = next.catch(() => undefined);
    return next;
  }
}
