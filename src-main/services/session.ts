import { BackendClient } from '../backend/backend-client.js';
import type { Repositories } from '../cache/repositories/index.js';
import type { ProfileRecord } from '../cache/repositories/profiles-repo.js';
import { OutboxPusher } from '../sync/outbox-pusher.js';
import { SyncEngine } from '../sync/sync-engine.js';
import type { LogFn } from '../util/log.js';

/** Tunables of a session (tests shorten them). */
export interface SessionTuning {
  timeoutMs?: number;
  pollIntervalMs?: number;
  pageSize?: number;
  retry?: { baseDelayMs: number; maxDelayMs: number };
  reconnect?: { baseDelayMs: number; maxDelayMs: number };
}

/** The client, outbox pusher and sync engine of the active profile. */
export class Session {
  readonly client: BackendClient;
  readonly pusher: OutboxPusher;
  readonly engine: SyncEngine;

  constructor(
    readonly profile: ProfileRecord,
    token: string | undefined,
    repos: Repositories,
    log: LogFn,
    tuning: SessionTuning = {},
  ) {
    this.client = new BackendClient({ baseUrl: profile.url, token, timeoutMs: tuning.timeoutMs ?? 15_000 });
    this.pusher = new OutboxPusher({ repos, client: this.client, profileId: profile.id, log, ...(tuning.retry ? { retry: tuning.retry } : {}) });
    this.engine = new SyncEngine({
      repos,
      client: this.client,
      pusher: this.pusher,
      profile: { id: profile.id, name: profile.name, url: profile.url, embedded: profile.embedded },
      log,
      ...(tuning.pageSize ? { pageSize: tuning.pageSize } : {}),
      ...(tuning.pollIntervalMs ? { pollIntervalMs: tuning.pollIntervalMs } : {}),
      ...(tuning.reconnect ? { reconnect: tuning.reconnect } : {}),
    });
  }

  start(): void {
    this.engine.start();
  }

  stop(): Promise<void> {
    return this.engine.stop();
  }
}
