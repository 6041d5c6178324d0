import type BetterSqlite3 from 'better-sqlite3';
import { RunbookSchema, UnpatchedLookupSchema, type PatchFieldStats, type PatchFieldStatsResponse, type Runbook, type UnpatchedLookup } from '../../../src-shared/schemas/sdk-field.js';
import type { CacheDb } from '../cache-db.js';

/** When a source of field figures was computed by the backend and received by the console. */
export interface FieldAge {
  computedAt: string | null;
  refreshedAt: string | null;
}

type Source = 'field_stats' | 'runbook';

/**
 * The backend's field figures as last received: per-patch stats (`patch_stats`), the unanswered SDK
 * lookups, and the runbook's tables, each source stamped with its computation and receipt times.
 * A source is replaced whole, in one transaction, so a reader never sees half a refresh.
 */
export class FieldStatsRepository {
  private readonly s: {
    clearStats: BetterSqlite3.Statement;
    putStats: BetterSqlite3.Statement<[string, string, string, string]>;
    clearUnpatched: BetterSqlite3.Statement;
    putUnpatched: BetterSqlite3.Statement<[number, string, number, string]>;
    putSnapshot: BetterSqlite3.Statement<[Source, string | null, string, string]>;
    snapshot: BetterSqlite3.Statement<[Source], { data: string | null; computed_at: string; refreshed_at: string }>;
    allStats: BetterSqlite3.Statement<[], { data: string }>;
    statsOf: BetterSqlite3.Statement<[string], { data: string }>;
    unpatched: BetterSqlite3.Statement<[], { data: string }>;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      clearStats: sql.prepare('DELETE FROM patch_stats'),
      putStats: sql.prepare('INSERT INTO patch_stats (patch_id, data, computed_at, refreshed_at) VALUES (?, ?, ?, ?)'),
      clearUnpatched: sql.prepare('DELETE FROM unpatched_lookups'),
      putUnpatched: sql.prepare('INSERT INTO unpatched_lookups (rank, sdk_language, occurrences, data) VALUES (?, ?, ?, ?)'),
      putSnapshot: sql.prepare(
        `INSERT INTO field_snapshots (source, data, computed_at, refreshed_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (source) DO UPDATE SET data = excluded.data, computed_at = excluded.computed_at, refreshed_at = excluded.refreshed_at`,
      ),
      snapshot: sql.prepare('SELECT data, computed_at, refreshed_at FROM field_snapshots WHERE source = ?'),
      allStats: sql.prepare('SELECT data FROM patch_stats'),
      statsOf: sql.prepare('SELECT data FROM patch_stats WHERE patch_id = ?'),
      unpatched: sql.prepare('SELECT data FROM unpatched_lookups ORDER BY rank'),
    };
  }

  /** Replaces the per-patch figures and the unanswered lookups with a fresh answer. */
  putFieldStats(answer: PatchFieldStatsResponse, refreshedAt: string): void {
    this.cache.transaction(() => {
      this.s.clearStats.run();
      for (const stats of answer.patches) this.s.putStats.run(stats.patch_id, JSON.stringify(stats), answer.computed_at, refreshedAt);
      this.s.clearUnpatched.run();
      answer.unpatched.forEach((lookup, rank) => this.s.putUnpatched.run(rank, lookup.sdk_language, lookup.occurrences, JSON.stringify(lookup)));
      this.s.putSnapshot.run('field_stats', null, answer.computed_at, refreshedAt);
      this.cache.touched('patch_stats', 'unpatched_lookups', 'field_snapshots');
    });
  }

  putRunbook(runbook: Runbook, refreshedAt: string): void {
    this.cache.transaction(() => {
      this.s.putSnapshot.run('runbook', JSON.stringify(runbook), runbook.computed_at, refreshedAt);
      this.cache.touched('field_snapshots');
    });
  }

  age(source: Source): FieldAge {
    const row = this.s.snapshot.get(source);
    return { computedAt: row?.computed_at ?? null, refreshedAt: row?.refreshed_at ?? null };
  }

  /** Every cached patch's figures, by patch id. */
  statsByPatch(): Map<string, PatchFieldStats> {
    return new Map(this.s.allStats.all().map(({ data }) => {
      const stats = JSON.parse(data) as PatchFieldStats;
      return [stats.patch_id, stats];
    }));
  }

  statsOf(patchId: string): PatchFieldStats | null {
    const row = this.s.statsOf.get(patchId);
    return row ? (JSON.parse(row.data) as PatchFieldStats) : null;
  }

  /** The unanswered lookups, most frequent first. */
  unpatched(): UnpatchedLookup[] {
    return this.s.unpatched.all().map(({ data }) => UnpatchedLookupSchema.parse(JSON.parse(data)));
  }

  runbook(): Runbook | null {
    const data = this.s.snapshot.get('runbook')?.data;
    return data ? RunbookSchema.parse(JSON.parse(data)) : null;
  }
}
