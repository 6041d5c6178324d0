import type BetterSqlite3 from 'better-sqlite3';
import { HEALING_STATUSES } from '../../../src-shared/domain/healing-state.js';
import { allowedDecisions } from '../../../src-shared/domain/review-rules.js';
import { PatchPreviewSchema, type PatchPreview } from '../../../src-shared/schemas/preview.js';
import type { CacheDb } from '../cache-db.js';

/** Statuses in which a log still waits for a decision before its patch runs (approve, reject or apply). */
export const AWAITING_DECISION_STATUSES = HEALING_STATUSES.filter((status) =>
  allowedDecisions(status).some((action) => action !== 'rollback'),
);

/** The awaiting statuses in the order their previews are fetched: the review queue's first. */
const PREFETCH_ORDER = [...AWAITING_DECISION_STATUSES].sort((a, b) => Number(b === 'pending_review') - Number(a === 'pending_review'));

/** A cached preview and whether it still describes the cached log and plugin. */
export interface CachedPreview {
  preview: PatchPreview;
  fetchedAt: string;
  /** Computed for the cached log's version (or a newer one) and the cached plugin row's version. */
  current: boolean;
}

interface PreviewRow {
  data: string;
  fetched_at: string;
  current: number;
}

/** True when the stored preview is for the cached log's version (or newer) and the cached plugin row's version. */
const CURRENT = 'v.log_version >= h.version AND v.plugin_version IS p.version';

/**
 * The backend's patch previews, one per log, each stamped with the log version and the plugin row
 * version it was computed for. A preview is replaced only by one for the same or a newer log
 * version, so a slow answer never overwrites a fresher one.
 */
export class PatchPreviewsRepository {
  private readonly s: {
    get: BetterSqlite3.Statement<[string], PreviewRow>;
    put: BetterSqlite3.Statement<[string, number, number | null, string, string, string, string]>;
    pluginVersion: BetterSqlite3.Statement<[string], { version: number | null }>;
    outdated: BetterSqlite3.Statement<[string, number, number], { id: string }>;
    prune: BetterSqlite3.Statement;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      get: sql.prepare(
        `SELECT v.data, v.fetched_at, coalesce(${CURRENT}, 0) AS current
           FROM patch_previews v
           LEFT JOIN healing_logs h ON h.id = v.log_id
           LEFT JOIN plugins p ON p.id = h.plugin_id
          WHERE v.log_id = ?`,
      ),
      put: sql.prepare(
        `INSERT INTO patch_previews (log_id, log_version, plugin_version, kind, computed_at, fetched_at, data)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (log_id) DO UPDATE SET
           log_version = excluded.log_version, plugin_version = excluded.plugin_version, kind = excluded.kind,
           computed_at = excluded.computed_at, fetched_at = excluded.fetched_at, data = excluded.data
         WHERE excluded.log_version >= patch_previews.log_version`,
      ),
      pluginVersion: sql.prepare(
        'SELECT p.version FROM healing_logs h LEFT JOIN plugins p ON p.id = h.plugin_id WHERE h.id = ?',
      ),
      // One status at a time, its first `window` logs in the review queue's order (an index walk of
      // 0004's urgency index): the work is bounded however long the queue and however many are current.
      outdated: sql.prepare(
        `SELECT h.id FROM (
           SELECT id, plugin_id, version, severity_rank, created_at, confidence FROM healing_logs
            WHERE status = ? ORDER BY severity_rank DESC, created_at ASC, confidence ASC, id LIMIT ?) h
           LEFT JOIN plugins p ON p.id = h.plugin_id
           LEFT JOIN patch_previews v ON v.log_id = h.id
          WHERE v.log_id IS NULL OR NOT (${CURRENT})
          ORDER BY h.severity_rank DESC, h.created_at ASC, h.confidence ASC, h.id
          LIMIT ?`,
      ),
      prune: sql.prepare('DELETE FROM patch_previews WHERE NOT EXISTS (SELECT 1 FROM healing_logs h WHERE h.id = patch_previews.log_id)'),
    };
  }

  get(logId: string): CachedPreview | undefined {
    const row = this.s.get.get(logId);
    if (!row) return undefined;
    return { preview: PatchPreviewSchema.parse(JSON.parse(row.data)), fetchedAt: row.fetched_at, current: row.current === 1 };
  }

  /** The cached plugin row's version of a log's plugin (null: the log or its plugin is not cached). */
  pluginVersionOf(logId: string): number | null {
    return this.s.pluginVersion.get(logId)?.version ?? null;
  }

  /**
   * Caches a preview the backend computed. `pluginVersion` is the plugin row's version the cache held
   * before the backend was asked: the backend used that state or a newer one, so a later version
   * arriving makes the preview outdated rather than wrongly current. Returns false when a preview
   * for a newer log version is already cached.
   */
  put(preview: PatchPreview, stamp: { pluginVersion: number | null; fetchedAt: string }): boolean {
    const { changes } = this.s.put.run(
      preview.log_id,
      preview.log_version,
      stamp.pluginVersion,
      preview.kind,
      preview.computed_at,
      stamp.fetchedAt,
      JSON.stringify(preview),
    );
    if (changes > 0) this.cache.touched('patch_previews');
    return changes > 0;
  }

  /**
   * Logs waiting for a decision whose preview is missing or outdated, at most `limit`: among the first
   * `window` logs of each status in the review queue's order (most severe, oldest first), the
   * review queue's own status first. Logs further down get theirs when the detail pane opens them.
   */
  outdated(limit: number, window = 500): string[] {
    const ids: string[] = [];
    for (const status of PREFETCH_ORDER) {
      if (ids.length >= limit) break;
      for (const row of this.s.outdated.all(status, window, limit - ids.length)) ids.push(row.id);
    }
    return ids;
  }

  /** Drops the previews of logs that left the cache. */
  prune(): void {
    if (this.s.prune.run().changes > 0) this.cache.touched('patch_previews');
  }
}
