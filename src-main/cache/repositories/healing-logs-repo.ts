import type BetterSqlite3 from 'better-sqlite3';
import type { CachedLog, LocalState } from '../../../src-shared/ipc/model.js';
import type { HealingLog } from '../../../src-shared/schemas/autoheal.js';
import type { Platform, Severity } from '../../../src-shared/schemas/common.js';
import type { CacheDb } from '../cache-db.js';
import type { LogWriter } from '../initial-load/log-writers.js';
import { normalizeTimestamp } from './entity-specs.js';
import { SELECT_CACHED_LOG, UPDATE_ALL, UPDATE_DATA_ONLY, UPDATE_STATUS, type IndexedLogColumns } from './healing-logs-sql.js';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

/** The columns of CACHED_LOG_COLUMNS. */
export interface CachedLogRow {
  data: string;
  platform: string | null;
  local_state: LocalState;
  pending: string | null;
}

/** The cached healing logs: feed upserts and reads by id (the screens' reads are HealingLogsQuery's; local state is PendingStates'). */
export class HealingLogsRepository {
  private readonly statements: {
    updateDataOnly: BetterSqlite3.Statement;
    updateStatus: BetterSqlite3.Statement;
    updateAll: BetterSqlite3.Statement;
    get: BetterSqlite3.Statement<[string], CachedLogRow>;
    version: BetterSqlite3.Statement<[string], { version: number; local_state: LocalState }>;
    setPlatform: BetterSqlite3.Statement<[string | null, string, string | null]>;
  };
  /**
   * `writer` finds or inserts a feed's log and deletes one: the initial load hands it over and
   * switches it while the id index is set aside (see InitialLoad).
   */
  constructor(
    private readonly cache: CacheDb,
    private readonly writer: LogWriter,
  ) {
    const sql = cache.sql;
    this.statements = {
      updateDataOnly: sql.prepare(UPDATE_DATA_ONLY),
      updateStatus: sql.prepare(UPDATE_STATUS),
      updateAll: sql.prepare(UPDATE_ALL),
      get: sql.prepare(`${SELECT_CACHED_LOG} WHERE h.id = ?`),
      version: sql.prepare('SELECT version, local_state FROM healing_logs WHERE id = ?'),
      setPlatform: sql.prepare('UPDATE healing_logs SET platform = ? WHERE plugin_id = ? AND platform IS NOT ?'),
    };
  }

  /**
   * Caches a (parsed) server row. A version the cache already holds (the same or older) is a no-op
   * that reports no change: the feed delivering the version a decision's answer cached fires nothing.
   */
  upsert(log: HealingLog, json?: string): void {
    const data = json ?? JSON.stringify(log);
    const createdAt = normalizeTimestamp(log.created_at);
    const rank = SEVERITY_RANK[log.issue_severity];
    const { statements: s } = this;
    const row = [log.id, log.plugin_id, log.plugin_id, log.status, log.issue_severity, rank, log.sira_confidence, log.detected_issue, createdAt, log.version, data];
    const cached = this.writer.insertOrFind(log.id, row);
    if (cached) {
      if (cached.version >= log.version) return;
      const same = (column: keyof IndexedLogColumns, value: unknown) => cached[column] === value;
      const sameIndexed =
        same('plugin_id', log.plugin_id) &&
        same('severity', log.issue_severity) &&
        same('confidence', log.sira_confidence) &&
        same('detected_issue', log.detected_issue) &&
        same('created_at', createdAt);
      if (sameIndexed && same('status', log.status)) s.updateDataOnly.run(log.version, data, cached.rid);
      else if (sameIndexed) s.updateStatus.run(log.status, log.version, data, cached.rid);
      else {
        s.updateAll.run(
          log.plugin_id,
          log.plugin_id,
          log.status,
          log.issue_severity,
          rank,
          log.sira_confidence,
          log.detected_issue,
          createdAt,
          log.version,
          data,
          cached.rid,
        );
      }
    }
    this.cache.touched('healing_logs');
  }

  delete(id: string): void {
    if (this.writer.delete(id) > 0) this.cache.touched('healing_logs');
  }

  get(id: string): CachedLog | undefined {
    const row = this.statements.get.get(id);
    return row ? toCachedLog(row) : undefined;
  }

  /** The cached version and local state of a log (what a decision is taken on). */
  versionOf(id: string): { version: number; localState: LocalState } | undefined {
    const row = this.statements.version.get(id);
    return row ? { version: row.version, localState: row.local_state } : undefined;
  }

  /** Keeps the denormalized platform column right when a plugin's CMS is (re)learnt. */
  setPlatformForPlugin(pluginId: string, platform: string | null): void {
    if (this.statements.setPlatform.run(platform, pluginId, platform).changes > 0) this.cache.touched('healing_logs');
  }
}

export function toCachedLog(row: CachedLogRow): CachedLog {
  return {
    log: JSON.parse(row.data) as HealingLog,
    platform: row.platform as Platform | null,
    localState: row.local_state,
    pending: row.pending ? (JSON.parse(row.pending) as CachedLog['pending']) : null,
  };
}
