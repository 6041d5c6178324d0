import type BetterSqlite3 from 'better-sqlite3';
import type { CachedLog, LocalState } from '../../../src-shared/ipc/model.js';
import type { HealingLog } from '../../../src-shared/schemas/autoheal.js';
import type { Platform, Severity } from '../../../src-shared/schemas/common.js';
import type { CacheDb } from '../cache-db.js';
import { normalizeTimestamp } from './entity-specs.js';
import { BulkLogIds } from './bulk-log-ids.js';
import {
  INSERT_LOG,
  INSERT_NEW_LOG,
  SELECT_CACHED_LOG,
  SELECT_INDEXED_BY_ID,
  SELECT_INDEXED_BY_ROWID,
  UPDATE_ALL,
  UPDATE_DATA_ONLY,
  UPDATE_STATUS,
} from './healing-logs-sql.js';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { low: 1, medium: 2, high: 3, critical: 4 };

interface IndexedColumns {
  rid: number;
  id: string;
  plugin_id: string;
  status: string;
  severity: string;
  confidence: number;
  detected_issue: string;
  created_at: string;
  version: number;
}

/** The columns of CACHED_LOG_COLUMNS. */
export interface CachedLogRow {
  data: string;
  platform: string | null;
  local_state: LocalState;
  pending: string | null;
}

/** The logs' unique index on id: set aside during a bulk load like the secondary ones (see BulkLoad). */
const ID_INDEX = 'healing_logs_id_idx';

/** The error SQLite gives for `ON CONFLICT (id)` while the id index is set aside. */
const NO_ID_INDEX = /ON CONFLICT clause does not match any PRIMARY KEY or UNIQUE constraint/;

/** The cached healing logs: feed upserts and reads by id (the screens' reads are HealingLogsQuery's; local state is PendingStates'). */
export class HealingLogsRepository {
  private readonly statements: {
    insertNew: BetterSqlite3.Statement;
    indexedById: BetterSqlite3.Statement<[string], IndexedColumns>;
    indexedByRowid: BetterSqlite3.Statement<[number], IndexedColumns>;
    hasIdIndex: BetterSqlite3.Statement<[], number>;
    deleteByRowid: BetterSqlite3.Statement<[number, string]>;
    updateDataOnly: BetterSqlite3.Statement;
    updateStatus: BetterSqlite3.Statement;
    updateAll: BetterSqlite3.Statement;
    delete: BetterSqlite3.Statement<[string]>;
    get: BetterSqlite3.Statement<[string], CachedLogRow>;
    version: BetterSqlite3.Statement<[string], { version: number; local_state: LocalState }>;
    setPlatform: BetterSqlite3.Statement<[string | null, string, string | null]>;
  };
  /** Prepared on first use: `ON CONFLICT (id)` does not prepare while the id index is set aside. */
  private insertStatement: BetterSqlite3.Statement | undefined;
  /** Set while the id index is set aside: where each log is (see BulkLogIds). */
  private bulkIds: BulkLogIds | null = null;

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.statements = {
      insertNew: sql.prepare(INSERT_NEW_LOG),
      indexedById: sql.prepare(SELECT_INDEXED_BY_ID),
      indexedByRowid: sql.prepare(SELECT_INDEXED_BY_ROWID),
      hasIdIndex: sql.prepare<[], number>(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '${ID_INDEX}'`).pluck(),
      deleteByRowid: sql.prepare('DELETE FROM healing_logs WHERE rowid = ? AND id = ?'),
      updateDataOnly: sql.prepare(UPDATE_DATA_ONLY),
      updateStatus: sql.prepare(UPDATE_STATUS),
      updateAll: sql.prepare(UPDATE_ALL),
      delete: sql.prepare('DELETE FROM healing_logs WHERE id = ?'),
      get: sql.prepare(`${SELECT_CACHED_LOG} WHERE h.id = ?`),
      version: sql.prepare('SELECT version, local_state FROM healing_logs WHERE id = ?'),
      setPlatform: sql.prepare('UPDATE healing_logs SET platform = ? WHERE plugin_id = ? AND platform IS NOT ?'),
    };
    this.indexesChanged();
  }

  /**
   * Follows the id index being set aside or rebuilt (BulkLoad calls this; so does the constructor,
   * for a load that a restart cut short). Meanwhile the feed's logs are found by rowid (BulkLogIds);
   * reads by id scan the table, which only a bulk load's duration puts up with.
   */
  indexesChanged(): void {
    const present = this.statements.hasIdIndex.get() !== undefined;
    if (present) this.bulkIds = null;
    else this.bulkIds ??= new BulkLogIds(this.cache.sql);
  }

  /** Caches a (parsed) server row; an older version than the cached one is ignored. */
  upsert(log: HealingLog, json?: string): void {
    const data = json ?? JSON.stringify(log);
    const createdAt = normalizeTimestamp(log.created_at);
    const rank = SEVERITY_RANK[log.issue_severity];
    const { statements: s } = this;
    const row = [log.id, log.plugin_id, log.plugin_id, log.status, log.issue_severity, rank, log.sira_confidence, log.detected_issue, createdAt, log.version, data];
    const cached = this.bulkIds ? this.insertDuringBulkLoad(log.id, row) : this.insertOrFind(log.id, row);
    if (cached) {
      if (cached.version > log.version) return;
      const same = (column: keyof IndexedColumns, value: unknown) => cached[column] === value;
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

  /** Inserts a new log and returns undefined, or returns the cached columns of the existing one. */
  private insertOrFind(id: string, row: unknown[]): IndexedColumns | undefined {
    let inserted: number;
    try {
      this.insertStatement ??= this.cache.sql.prepare(INSERT_LOG);
      inserted = this.insertStatement.run(...row).changes;
    } catch (error) {
      // The id index went away without word (a transaction that rebuilt it rolled back).
      if (!NO_ID_INDEX.test((error as Error).message)) throw error;
      this.insertStatement = undefined;
      this.indexesChanged();
      return this.insertDuringBulkLoad(id, row);
    }
    return inserted === 0 ? this.statements.indexedById.get(id) : undefined;
  }

  private insertDuringBulkLoad(id: string, row: unknown[]): IndexedColumns | undefined {
    const ids = this.bulkIds!;
    const rowid = ids.rowidOf(id);
    if (rowid !== undefined) {
      const cached = this.statements.indexedByRowid.get(rowid);
      if (cached?.id === id) return cached;
      // A rolled-back transaction left the entry wrong: the rowids are read again (then exact).
      ids.reload();
      return this.insertDuringBulkLoad(id, row);
    }
    ids.remember(id, this.statements.insertNew.run(...row).lastInsertRowid);
    return undefined;
  }

  delete(id: string): void {
    let deleted: number;
    if (this.bulkIds) {
      // The entry stays: a later lookup finds the row gone and reads the rowids again.
      const rowid = this.bulkIds.rowidOf(id);
      deleted = rowid === undefined ? 0 : this.statements.deleteByRowid.run(rowid, id).changes;
    } else {
      deleted = this.statements.delete.run(id).changes;
    }
    if (deleted > 0) this.cache.touched('healing_logs');
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
