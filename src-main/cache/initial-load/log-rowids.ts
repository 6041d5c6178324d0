import type BetterSqlite3 from 'better-sqlite3';

/**
 * Where each cached log is while the logs' id index is set aside (an initial load, see InitialLoad): its
 * rowid, in memory. It is read from the logs table when it opens, so a load resumed after a restart
 * finds the logs written before. A transaction that rolls back can leave an entry that is wrong (a
 * log it inserted or deleted): callers check the row they find and `reload` if it is not
 * that log. No entry is ever missing for a committed row, since every insert meanwhile goes through
 * `remember`. A map lookup costs a fraction of a SQLite call per log, which at 100,000 logs is the
 * difference between this and a temporary table.
 */
export class LogRowids {
  private ids = new Map<string, number>();
  private readonly all: BetterSqlite3.Statement<[], [string, number]>;

  constructor(sql: BetterSqlite3.Database) {
    this.all = sql.prepare<[], [string, number]>('SELECT id, rowid FROM healing_logs').raw();
    this.reload();
  }

  /** Reads every log's rowid again from the table. */
  reload(): void {
    this.ids = new Map(this.all.all());
  }

  rowidOf(id: string): number | undefined {
    return this.ids.get(id);
  }

  remember(id: string, rowid: number | bigint): void {
    this.ids.set(id, Number(rowid));
  }
}
