import { successRatePercent } from '../../src-shared/analytics/confidence.js';
import type { IpcResponse } from '../../src-shared/ipc/contract.js';
import type { OverviewPeriod } from '../../src-shared/ipc/overview.js';
import type { CacheDb } from '../cache/cache-db.js';
import { OverviewRepository } from '../cache/repositories/overview-repo.js';

const DAY_MS = 86_400_000;

/**
 * The overview page's numbers, from the local cache only (so the page works offline): the seed's
 * stat cards, the confidence histogram the charts and the threshold what-if are drawn from, and
 * outcomes per day, over the last `days` days.
 */
export class OverviewService {
  private readonly repo: OverviewRepository;

  constructor(
    cache: CacheDb,
    private readonly now: () => number = Date.now,
  ) {
    this.repo = new OverviewRepository(cache);
  }

  get(days: OverviewPeriod): IpcResponse<'ops:overview.get'> {
    const since = new Date(this.now() - days * DAY_MS).toISOString();
    const { counts, histogram, timeline } = this.repo.read(since);
    const avg = counts.avg_confidence;
    return {
      days,
      since,
      stats: { ...counts, avg_confidence: avg === null ? null : Math.round(avg * 100) / 100, success_rate: successRatePercent(counts) },
      histogram,
      timeline,
    };
  }
}
