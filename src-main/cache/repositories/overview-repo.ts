import type BetterSqlite3 from 'better-sqlite3';
import { outcomeOf, type ConfidenceHistogramRow } from '../../../src-shared/analytics/confidence.js';
import type { OutcomeDay } from '../../../src-shared/ipc/overview.js';
import type { CacheDb } from '../cache-db.js';

/** Stat-card counts over a period, before the success rate is derived. */
export interface OverviewCounts {
  total: number;
  applied: number;
  rolled_back: number;
  failed: number;
  pending_review: number;
  avg_confidence: number | null;
}

/** One group of the period's logs: a status, a UTC day and a whole-number confidence. */
interface Cell {
  status: string;
  day: string;
  confidence: number;
  n: number;
  confidence_sum: number;
}

/**
 * Aggregates over the cached healing logs for the overview. One grouped pass over the period's rows
 * (by status, day and whole-number confidence) gives the stat cards, the confidence histogram and
 * the outcomes per day. `created_at` is normalized ISO text, so comparing strings compares times.
 * The `+` keeps SQLite off the `created_at` index (one table lookup per row over a long period):
 * the pass then scans a covering review-queue index instead, which holds all three columns.
 */
export class OverviewRepository {
  private readonly cells: BetterSqlite3.Statement<[string], Cell>;

  constructor(cache: CacheDb) {
    this.cells = cache.sql.prepare(`SELECT status, substr(created_at, 1, 10) AS day,
        min(100, max(0, CAST(confidence AS INTEGER))) AS confidence, count(*) AS n, sum(confidence) AS confidence_sum
      FROM healing_logs WHERE +created_at >= ? GROUP BY 1, 2, 3`);
  }

  read(since: string): { counts: OverviewCounts; histogram: ConfidenceHistogramRow[]; timeline: OutcomeDay[] } {
    const counts = { total: 0, applied: 0, rolled_back: 0, failed: 0, pending_review: 0 };
    let confidenceSum = 0;
    const histogram = new Map<number, ConfidenceHistogramRow>();
    const timeline = new Map<string, OutcomeDay>();
    for (const cell of this.cells.iterate(since)) {
      const outcome = outcomeOf(cell.status);
      counts.total += cell.n;
      if (outcome !== 'open') counts[outcome] += cell.n;
      if (cell.status === 'pending_review') counts.pending_review += cell.n;
      confidenceSum += cell.confidence_sum;
      const bar = histogram.get(cell.confidence) ?? { confidence: cell.confidence, applied: 0, rolled_back: 0, failed: 0, open: 0 };
      bar[outcome] += cell.n;
      histogram.set(cell.confidence, bar);
      const day = timeline.get(cell.day) ?? { day: cell.day, applied: 0, rolled_back: 0, failed: 0, open: 0 };
      day[outcome] += cell.n;
      timeline.set(cell.day, day);
    }
    return {
      counts: { ...counts, avg_confidence: counts.total === 0 ? null : confidenceSum / counts.total },
      histogram: [...histogram.values()].sort((a, b) => a.confidence - b.confidence),
      timeline: [...timeline.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0)),
    };
  }
}
