import type BetterSqlite3 from 'better-sqlite3';
import {
  INSERT_LOG,
  INSERT_NEW_LOG,
  SELECT_INDEXED_BY_ID,
  SELECT_INDEXED_BY_ROWID,
  type IndexedLogColumns,
} from '../repositories/healing-logs-sql.js';
import { LogRowids } from './log-rowids.js';

/**
 * How the logs repository finds a feed's log or inserts it, and deletes one. The initial load hands
 * the repository one (see InitialLoad.logWriter): by the id index, or by rowid while that index is
 * set aside.
 */
export interface LogWriter {
  /** Inserts a new log (`row`: INSERT_LOG's parameters) and returns undefined, or returns the cached columns of the existing one. */
  insertOrFind(id: string, row: readonly unknown[]): IndexedLogColumns | undefined;
  /** Deletes a log; returns how many rows went (0 or 1). */
  delete(id: string): number;
}

/** The usual writer: the unique id index finds the log (`ON CONFLICT (id)`, which only prepares while the index exists). */
export class IndexedLogWriter implements LogWriter {
  private readonly insert: BetterSqlite3.Statement;
  private readonly indexedById: BetterSqlite3.Statement<[string], IndexedLogColumns>;
  private readonly deleteById: BetterSqlite3.Statement<[string]>;

  constructor(sql: BetterSqlite3.Database) {
    this.insert = sql.prepare(INSERT_LOG);
    this.indexedById = sql.prepare(SELECT_INDEXED_BY_ID);
    this.deleteById = sql.prepare('DELETE FROM healing_logs WHERE id = ?');
  }

  insertOrFind(id: string, row: readonly unknown[]): IndexedLogColumns | undefined {
    return this.insert.run(...row).changes === 0 ? this.indexedById.get(id) : undefined;
  }

  delete(id: string): number {
    return this.deleteById.run(id).changes;
  }
}

/**
 * The writer while the id index is set aside: each log is found by its rowid (LogRowids). It is
 * right with the index present too, so it may stay in use until the index's rebuild has committed.
 */
export class RowidLogWriter implements LogWriter {
  private readonly rowids: LogRowids;
  private readonly insertNew: BetterSqlite3.Statement;
  private readonly indexedByRowid: BetterSqlite3.Statement<[number], IndexedLogColumns>;
  private readonly deleteByRowid: BetterSqlite3.Statement<[number, string]>;

  constructor(sql: BetterSqlite3.Database) {
    this.rowids = new LogRowids(sql);
    this.insertNew = sql.prepare(INSERT_NEW_LOG);
    this.indexedByRowid = sql.prepare(SELECT_INDEXED_BY_ROWID);
    this.deleteByRowid = sql.prepare('DELETE FROM healing_logs WHERE rowid = ? AND id = ?');
  }

  insertOrFind(id: string, row: readonly unknown[]): IndexedLogColumns | undefined {
    const rowid = this.rowids.rowidOf(id);
    if (rowid !== undefined) {
      const cached = this.indexedByRowid.get(rowid);
      if (cached?.id === id) return cached;
      // A rolled-back transaction left the entry wrong: the rowids are read again (then exact).
      this.rowids.reload();
      return this.insertOrFind(id, row);
    }
    this.rowids.remember(id, this.insertNew.run(...row).lastInsertRowid);
    return undefined;
  }

  delete(id: string): number {
    // The entry stays: a later lookup finds the row gone and reads the rowids again.
    const rowid = this.rowids.rowidOf(id);
    return rowid === undefined ? 0 : this.deleteByRowid.run(rowid, id).changes;
  }
}
