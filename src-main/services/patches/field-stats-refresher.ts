import type { IpcResponse } from '../../../src-shared/ipc/contract.js';
import type { StatsAge } from '../../../src-shared/ipc/patches.js';
import type { BackendClient } from '../../backend/backend-client.js';
import type { Repositories } from '../../cache/repositories/index.js';
import { ServiceError } from '../service-error.js';
import { describeError, silentLog, type LogFn } from '../../util/log.js';

export interface FieldStatsRefresherOptions {
  repos: Repositories;
  /** The active session's client (undefined: no backend connected). */
  client: () => BackendClient | undefined;
  log?: LogFn;
  /** A background refresh runs at most this often (default 60 s); an asked one always runs. */
  minIntervalMs?: number;
  /** How long one fetch may take (default 10 s). */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Keeps the backend's field figures (per-patch stats, unanswered lookups) and runbook tables in the
 * cache: in the background after each pull, at most once a minute, and when the user asks. Both
 * answers are written in one transaction (one `cache.changed`). Offline, readers answer from the
 * cache with its age; a failed refresh leaves the cached figures as they were.
 */
export class FieldStatsRefresher {
  private round: Promise<void> | undefined;
  private lastStartedAt = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly log: LogFn;
  private readonly now: () => number;

  constructor(private readonly options: FieldStatsRefresherOptions) {
    this.log = options.log ?? silentLog;
    this.now = options.now ?? Date.now;
  }

  /** After a pull: refreshes unless a refresh started less than a minute ago; never throws. */
  refreshInBackground(): Promise<void> {
    if (this.closed || this.round || this.now() - this.lastStartedAt < (this.options.minIntervalMs ?? 60_000)) return this.round ?? Promise.resolve();
    return this.start().catch((error: unknown) => this.log(`refreshing the SDK field figures failed: ${describeError(error)}`));
  }

  /** Asked by the user: refreshes now (sharing a refresh in flight); throws when the backend cannot answer. */
  async refreshNow(): Promise<StatsAge> {
    await (this.round ?? this.start());
    return this.age();
  }

  /** The cached figures' age (their computation and receipt times). */
  age(): StatsAge {
    return this.options.repos.fieldStats.age('field_stats');
  }

  /** The cached SDK errors no patch answered, most frequent first, with their age. */
  unpatched(): IpcResponse<'ops:patches.unpatched'> {
    return { items: this.options.repos.fieldStats.unpatched(), stats: this.age() };
  }

  /** The runbook's tables as last received, with their age. */
  runbook(): IpcResponse<'ops:runbook.tables'> {
    const { fieldStats } = this.options.repos;
    return { runbook: fieldStats.runbook(), stats: fieldStats.age('runbook') };
  }

  async idle(): Promise<void> {
    while (this.round) await this.round.catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private start(): Promise<void> {
    this.lastStartedAt = this.now();
    const round = this.fetch().finally(() => {
      if (this.round === round) this.round = undefined;
    });
    this.round = round;
    return round;
  }

  private async fetch(): Promise<void> {
    const { repos } = this.options;
    const client = this.options.client();
    if (!client) throw new ServiceError('offline', 'no_active_profile', 'no backend is connected; the figures shown are the cached ones');
    const request = { attempts: 1, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) };
    const [stats, runbook] = await Promise.all([client.patchFieldStats(request), client.runbook(request)]);
    if (this.closed || !repos.cache.sql.open) return;
    const refreshedAt = new Date(this.now()).toISOString();
    repos.cache.transaction(() => {
      repos.fieldStats.putFieldStats(stats, refreshedAt);
      repos.fieldStats.putRunbook(runbook, refreshedAt);
    });
  }
}
