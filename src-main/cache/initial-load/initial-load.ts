import type BetterSqlite3 from 'better-sqlite3';
import { statSync } from 'node:fs';
import type { CacheDb } from '../cache-db.js';
import { checkpointOnThread, type CheckpointResult, type DeferredIndex } from './checkpoint-thread.js';
import { IndexedLogWriter, RowidLogWriter, type LogWriter } from './log-writers.js';
import { describeError, silentLog, type LogFn } from '../../util/log.js';

/** Tables whose secondary indexes are dropped during an initial sync (the big ones). */
const BULK_TABLES = ['healing_logs'];

/** The logs' unique index on id: set aside during the load like the secondary ones. */
const ID_INDEX = 'healing_logs_id_idx';

export interface InitialLoadOptions {
  /** WAL size from which the indexes and the final checkpoint are done on a worker thread (default 16 MB). */
  threadCheckpointBytes?: number;
  log?: LogFn;
  /** What runs the rebuild and the checkpoint on a thread (default: checkpointOnThread on the cache's file; tests make it fail). */
  runOnThread?: (indexes: readonly DeferredIndex[]) => Promise<CheckpointResult>;
}

/**
 * An initial sync's bulk load. It drops, then recreates, the secondary indexes of the bulk-loaded
 * tables and the logs' id index; their definitions are kept in `deferred_indexes` (in the same
 * transactions), so a crash in the middle leaves a record to finish from (the next sync does), and
 * the definitions stay those of the migrations. It hands the logs repository its writer
 * (`logWriter`): by the id index, or by rowid while that index is set aside (see log-writers.ts).
 */
export class InitialLoad {
  /** The logs repository's one write path: follows the id index being set aside and rebuilt. */
  readonly logWriter: LogWriter;

  private readonly s: {
    indexes: BetterSqlite3.Statement<[], { name: string; sql: string }>;
    remember: BetterSqlite3.Statement<[string, string]>;
    deferred: BetterSqlite3.Statement<[], { name: string; sql: string }>;
    forget: BetterSqlite3.Statement<[string]>;
    hasIdIndex: BetterSqlite3.Statement<[], number>;
  };

  private readonly threadCheckpointBytes: number;
  private readonly log: LogFn;
  private readonly runOnThread: (indexes: readonly DeferredIndex[]) => Promise<CheckpointResult>;
  private writer: LogWriter | undefined;
  private completing: Promise<void> = Promise.resolve();

  constructor(
    private readonly cache: CacheDb,
    options: InitialLoadOptions = {},
  ) {
    this.threadCheckpointBytes = options.threadCheckpointBytes ?? 16 * 1024 * 1024;
    this.log = options.log ?? silentLog;
    this.runOnThread = options.runOnThread ?? ((indexes) => checkpointOnThread(cache.file, cache.nativeBinding, indexes));
    const sql = cache.sql;
    this.s = {
      // Partial indexes stay: they hold only the few rows with local state, and reads rely on them.
      indexes: sql.prepare(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE '% WHERE %'
            AND tbl_name IN (${BULK_TABLES.map((t) => `'${t}'`).join(', ')})`,
      ),
      remember: sql.prepare('INSERT OR IGNORE INTO deferred_indexes (name, sql) VALUES (?, ?)'),
      deferred: sql.prepare('SELECT name, sql FROM deferred_indexes ORDER BY name'),
      forget: sql.prepare('DELETE FROM deferred_indexes WHERE name = ?'),
      hasIdIndex: sql.prepare<[], number>(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = '${ID_INDEX}'`).pluck(),
    };
    // A load that a restart cut short finds its id index still set aside.
    this.followIdIndex();
    const writer = () => this.writer!;
    this.logWriter = {
      insertOrFind: (id, row) => writer().insertOrFind(id, row),
      delete: (id) => writer().delete(id),
    };
  }

  /** Sets the indexes aside, the logs' unique id index too (call only while the tables are empty or nearly). */
  begin(): void {
    // Checkpointing after every page would copy the growing WAL into the file again and again;
    // one checkpoint at the end does it once (per connection: a restart resets it).
    this.cache.sql.pragma('wal_autocheckpoint = 0');
    this.cache.transaction(() => {
      for (const index of this.s.indexes.all()) {
        this.s.remember.run(index.name, index.sql);
        this.cache.sql.exec(`DROP INDEX ${quote(index.name)}`);
      }
    });
    this.followIdIndex();
  }

  /** Recreates every index set aside (inside the caller's transaction, if any). */
  finish(): void {
    this.cache.transaction(() => {
      for (const index of this.deferredIndexes()) {
        this.cache.sql.exec(index.sql);
        this.s.forget.run(index.name);
      }
    });
    // The id index is trusted once its rebuild committed: a rollback leaves the rowid writer in use.
    this.cache.afterCommit(() => this.followIdIndex());
  }

  /**
   * Ends a bulk load after its last transaction committed: recreates the indexes set aside, copies
   * the WAL into the file once, then resumes automatic checkpoints. After a large load (a WAL from
   * `threadCheckpointBytes` up) both run on a worker thread, so the main process stays free for the
   * second or two they take: reads go on meanwhile (without those indexes), writes wait for the
   * index transaction. A small load, or a failed thread, has them done here.
   */
  complete(): Promise<void> {
    this.completing = this.completeNow();
    return this.completing;
  }

  /** Resolves once the last `complete` has ended (at once when none was started). */
  whenComplete(): Promise<void> {
    return this.completing;
  }

  private async completeNow(): Promise<void> {
    let walBytes = 0;
    try {
      walBytes = statSync(`${this.cache.file}-wal`).size;
    } catch {
      // no WAL file: nothing to copy
    }
    let truncated = false;
    if (walBytes >= this.threadCheckpointBytes) {
      try {
        truncated = (await this.runOnThread(this.deferredIndexes())).truncated;
      } catch (error) {
        this.log(`the thread that rebuilds the indexes and copies the WAL failed (${describeError(error)}); the main process does it`);
      }
    }
    if (!this.cache.sql.open) return;
    try {
      this.followIdIndex();
      // Left to do here: everything after a small load or a failed thread; nothing when the thread did it.
      if (this.active) this.cache.transaction(() => this.finish());
      // Reads through a long WAL's index are slower and the file would stay large: it ends up empty,
      // by the thread when nothing was writing at that moment, else here (then a short step: only
      // what was committed meanwhile is left to copy).
      if (!truncated) this.cache.sql.pragma('wal_checkpoint(TRUNCATE)');
    } catch (error) {
      this.log(`finishing the initial sync's load failed (${describeError(error)}); the next sync rebuilds what is missing`);
    } finally {
      this.cache.sql.pragma('wal_autocheckpoint = 1000');
    }
  }

  /** The indexes set aside, each with a statement that recreates it unless it exists. */
  private deferredIndexes(): DeferredIndex[] {
    return this.s.deferred.all().map((index) => ({ name: index.name, sql: index.sql.replace(/^CREATE (UNIQUE )?INDEX /i, (m) => `${m}IF NOT EXISTS `) }));
  }

  /**
   * Chooses the logs' writer from the id index's presence: the rowid writer as soon as the index is
   * gone (it is right either way), the indexed one once the index is back and committed.
   */
  private followIdIndex(): void {
    const present = this.s.hasIdIndex.get() !== undefined;
    if (present && !(this.writer instanceof IndexedLogWriter)) this.writer = new IndexedLogWriter(this.cache.sql);
    else if (!present && !(this.writer instanceof RowidLogWriter)) this.writer = new RowidLogWriter(this.cache.sql);
  }

  /** True while indexes are set aside. */
  get active(): boolean {
    return this.s.deferred.all().length > 0;
  }
}

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
