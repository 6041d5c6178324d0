import type { SyncStatus } from '../../src-shared/ipc/model.js';
import type { BackendClient } from '../backend/backend-client.js';
import type { BackoffPolicy } from '../backend/retry.js';
import type { Repositories } from '../cache/repositories/index.js';
import { Emitter } from '../util/emitter.js';
import { backendProblem } from '../backend/backend-problem.js';
import { describeError, silentLog, type LogFn } from '../util/log.js';
import { pullFeed, type PullProgress, type PullResult } from './feed-puller.js';
import type { OutboxPusher } from './outbox-pusher.js';
import { StreamListener } from './stream-listener.js';

export interface SyncEngineOptions {
  repos: Repositories;
  client: BackendClient;
  pusher: OutboxPusher;
  profile: { id: string; name: string; url: string; embedded?: boolean };
  log?: LogFn;
  /** Changes per feed page (default 5000, the feed's maximum). */
  pageSize?: number;
  /** A pull and push this often even without nudges (default 30 s). */
  pollIntervalMs?: number;
  /** SSE reconnect backoff (default 500 ms doubling to 30 s). */
  reconnect?: BackoffPolicy;
  /** A stream silent this long is considered dead (the server sends a comment every 15 s; default 45 s). */
  streamIdleMs?: number;
}

/**
 * Keeps the cache in step with one backend: an initial pull through the whole change feed, then
 * incremental pulls woken by the SSE stream, by a timer and by reconnects, each followed by an
 * outbox push. Reachability comes from every request and from the stream; it reconnects with
 * backoff when the backend goes away. `onDidChangeStatus` fires when the status bar should redraw.
 */
export class SyncEngine {
  private readonly statusChanged = new Emitter<void>();
  private readonly progress = new Emitter<PullProgress>();
  readonly onDidChangeStatus = this.statusChanged.event;
  readonly onDidProgress = this.progress.event;

  private readonly stream: StreamListener;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private again = false;
  private syncing = false;
  private started = false;
  private pullError: string | null = null;
  /** The pull's failure and since when pulls fail (null after a pull succeeds). */
  private pullFailure: { error: unknown; since: string } | null = null;
  /** Set when the stream showed the server's feed behind the cache: the next round starts over. */
  private feedWentBack = false;
  private readonly disposers: Array<() => void> = [];

  constructor(private readonly options: SyncEngineOptions) {
    this.stream = new StreamListener({
      client: options.client,
      reconnect: options.reconnect ?? { baseDelayMs: 500, maxDelayMs: 30_000 },
      idleMs: options.streamIdleMs ?? 45_000,
      log: this.log,
      onConnected: (serverCursor) => this.onStreamHello(serverCursor),
      onNudge: (serverCursor) => {
        if (serverCursor > this.options.repos.syncState.get().cursor) this.requestSync();
      },
      onDisconnected: () => this.statusChanged.fire(),
    });
    this.disposers.push(
      options.client.onDidChangeConnectivity(() => this.statusChanged.fire()),
      options.pusher.onDidPush(() => this.statusChanged.fire()),
    );
  }

  /** Starts the stream, the timer and a first sync. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.stream.start(this.controller.signal);
    this.timer = setInterval(() => this.requestSync(), this.options.pollIntervalMs ?? 30_000);
    this.timer.unref?.();
    this.requestSync();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    if (this.timer) clearInterval(this.timer);
    await this.stream.stopped();
    await this.round?.catch(() => undefined);
    await this.options.pusher.stop();
    for (const dispose of this.disposers) dispose();
    this.statusChanged.dispose();
    this.progress.dispose();
  }

  /** Pulls and pushes now; resolves when that round (or the one already running and its follow-up) ends. */
  syncNow(): Promise<void> {
    if (this.round) {
      this.again = true;
      return this.round.then(() => this.round ?? Promise.resolve());
    }
    this.round = this.runRound().finally(() => {
      this.round = undefined;
      if (this.again && !this.controller.signal.aborted) {
        this.again = false;
        void this.syncNow();
      }
    });
    return this.round;
  }

  /** Pulls the feed only (errors are thrown). */
  pull(): Promise<PullResult> {
    return pullFeed(this.options.repos, this.options.client, {
      pageSize: this.options.pageSize ?? 5000,
      signal: this.controller.signal,
      onProgress: (p) => this.progress.fire(p),
    });
  }

  status(): SyncStatus {
    const { repos, client, pusher, profile } = this.options;
    const state = repos.syncState.get();
    const counts = repos.outbox.counts(profile.id);
    const reachable = this.stream.connected || client.online === true;
    const connectivity = reachable ? 'online' : client.online === false || this.stream.failures > 0 ? 'offline' : 'connecting';
    // A failing pull says why even while the backend answers (a refused token, a 5xx); a stream that
    // cannot connect says why the console is offline.
    const failure = this.pullFailure ?? (connectivity === 'offline' ? this.stream.failure : null);
    return {
      connectivity,
      profile,
      identity: state.identity,
      syncing: this.syncing,
      initialSyncDone: state.initialSyncDone,
      cursor: state.cursor,
      lastSuccessAt: state.lastSuccessAt,
      lastError: this.pullError ?? pusher.lastError ?? state.lastError,
      offline: failure ? { problem: backendProblem(failure.error), since: failure.since } : null,
      outboxDepth: counts.queued,
      outboxRejected: counts.rejected,
      conflicts: repos.conflicts.count(profile.id),
    };
  }

  private requestSync(): void {
    void this.syncNow();
  }

  private async runRound(): Promise<void> {
    const { repos, pusher } = this.options;
    this.syncing = true;
    this.statusChanged.fire();
    try {
      if (this.feedWentBack) {
        // Done here, between rounds, so no page of the old feed lands after the reset.
        this.feedWentBack = false;
        repos.syncState.resetSyncedData();
      }
      await this.refreshIdentity();
      const pulled = await this.pull();
      if (pulled.skipped.length > 0) {
        this.log(`sync skipped ${pulled.skipped.length} malformed change(s), first: ${JSON.stringify(pulled.skipped[0])}`);
      }
      this.pullError = null;
      this.pullFailure = null;
      const pushed = await pusher.push();
      if (pushed.error === null) repos.syncState.recordSuccess(new Date().toISOString());
      else repos.syncState.recordError(pushed.error);
    } catch (error) {
      if (!this.controller.signal.aborted) {
        this.pullError = describeError(error);
        this.pullFailure = { error, since: this.pullFailure?.since ?? new Date().toISOString() };
        repos.syncState.recordError(this.pullError);
        // The pull failed, but queued decisions may still go through (or schedule their own retry).
        await pusher.push().catch(() => undefined);
      }
    } finally {
      this.syncing = false;
      if (!this.controller.signal.aborted) this.statusChanged.fire();
    }
  }

  private async refreshIdentity(): Promise<void> {
    const { repos, client } = this.options;
    // An identity cached before the backend said the token's id is asked again once.
    if (repos.syncState.get().identity?.tokenId !== undefined) return;
    const who = await client.whoami(this.controller.signal);
    if (who) {
      repos.syncState.setIdentity({
        name: who.name,
        role: who.role,
        merchantId: who.merchant_id ?? null,
        ...(who.token_id === undefined ? {} : { tokenId: who.token_id }),
      });
    }
  }

  /** A (re)connected stream: the backend may have restarted or been replaced. */
  private onStreamHello(serverCursor: number): void {
    const { repos } = this.options;
    if (serverCursor < repos.syncState.get().cursor) {
      // The feed went backwards: another database is behind this URL now. Start over.
      this.log(`the backend's change feed is at ${serverCursor}, behind the cache's ${repos.syncState.get().cursor}; resyncing`);
      this.feedWentBack = true;
    }
    this.statusChanged.fire();
    this.requestSync();
  }

  private readonly log: LogFn = (message) => (this.options.log ?? silentLog)(message);
}
