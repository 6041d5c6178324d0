import type { IpcResponse } from '../../../src-shared/ipc/contract.js';
import type { StatsAge } from '../../../src-shared/ipc/patches.js';
import type { BackendClient } from '../../backend/backend-client.js';
import type { Repositories } from '../../cache/repositories/index.js';
import { ServiceError } from '../service-error.js';
import type { LogFn } from '../../util/log.js';
import { ThrottledRound } from './throttled-round.js';

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
  private readonly round: ThrottledRound;

  constructor(private readonly options: FieldStatsRefresherOptions) {
    this.round = new ThrottledRound(() => this.fetch(), 'the SDK field figures', options);
  }

  /** After a pull: refreshes unless a refresh started less than a minute ago; never throws. */
  refreshInBackground(): Promise<void> {
    return this.round.inBackground();
  }

  /** Asked by the user: refreshes now (sharing a refresh in flight); throws when the backend cannot answer. */
  async refreshNow(): Promise<StatsAge> {
    await this.round.now();
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

  idle(): Promise<void> {
    return this.round.idle();
  }

  close(): Promise<void> {
    return this.round.close();
  }

  private async fetch(): Promise<void> {
    const { repos } = this.options;
    const client = this.options.client();
    if (!client) throw new ServiceError('offline', 'no_active_profile', 'no backend is connected; the figures shown are the cached ones');
    const request = { attempts: 1, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) };
    const [stats, runbook] = await Promise.all([client.patchFieldStats(request), client.runbook(request)]);
    if (this.round.isClosed || !repos.cache.sql.open) return;
    const refreshedAt = new Date((this.options.now ?? Date.now)()).toISOString();
    repos.cache.transaction(() => {
      repos.fieldStats.putFieldStats(stats, refreshedAt);
      repos.fieldStats.putRunbook(runbook, refreshedAt);
    });
  }
}
