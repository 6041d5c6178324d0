import { mkdirSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { Emitter } from '../util/emitter.js';
import { describeError, silentLog, type LogFn } from '../util/log.js';
import { applyMigrations, findMigrationDrift, readMigrations, type Migration } from './migrator.js';
import { readSalvage, restoreSalvage, type Salvage } from './rebuild.js';
import type { CacheTable } from './tables.js';

export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface CacheDbOptions {
  /** The SQLite file (created with its folder when missing). */
  file: string;
  /** Where the NNNN_name.sql files are (bundled builds copy them next to the code). */
  migrationsDir?: string;
  /** A better-sqlite3 binary built for another runtime (Electron's ABI), instead of node_modules' own. */
  nativeBinding?: string;
  log?: LogFn;
}

/**
 * The console's SQLite cache (WAL, foreign keys, synchronous FULL so a committed decision survives
 * a crash). Opening it applies pending migrations; an edited or unknown migration, a failing
 * migration or a corrupt file makes it rebuild the file from scratch (it is a cache: the sync
 * refills it), carrying over profiles, queued decisions and conflicts. Writers report the tables
 * they touched; `onDidChangeTables` announces them once per committed transaction.
 */
export class CacheDb {
  private readonly changed = new Emitter<readonly CacheTable[]>();
  private readonly pending = new Set<CacheTable>();
  /** Run after the outermost commit, dropped with the (save)point they were queued in on rollback. */
  private readonly committed: Array<() => void> = [];
  private depth = 0;

  /** Fires after a commit with the tables it changed. */
  readonly onDidChangeTables = this.changed.event;

  private constructor(
    readonly sql: BetterSqlite3.Database,
    readonly file: string,
    /** Set when opening had to rebuild the file: why. */
    readonly rebuiltBecause: string | null,
    /** The better-sqlite3 binary it was opened with (a worker thread's connection uses the same). */
    readonly nativeBinding: string | undefined,
  ) {}

  static open(options: CacheDbOptions): CacheDb {
    const log = options.log ?? silentLog;
    const migrations = readMigrations(options.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
    mkdirSync(dirname(options.file), { recursive: true });
    let salvage: Salvage = { rows: {}, activeProfileId: null };
    let reason: string;
    let db: BetterSqlite3.Database | undefined;
    try {
      db = openFile(options.file, options.nativeBinding);
      const drift = findMigrationDrift(db, migrations);
      if (drift === null) {
        applyMigrations(db, migrations);
        return new CacheDb(db, options.file, null, options.nativeBinding);
      }
      reason = drift;
    } catch (error) {
      reason = `the cache could not be opened or migrated (${describeError(error)})`;
    }
    if (db?.open) {
      try {
        salvage = readSalvage(db);
      } catch {
        // unreadable: rebuild without it
      }
      db.close();
    }
    log(`rebuilding the local cache ${options.file}: ${reason}; it will be filled again from the backend`);
    return CacheDb.rebuild(options, migrations, salvage, reason);
  }

  private static rebuild(options: CacheDbOptions, migrations: readonly Migration[], salvage: Salvage, reason: string): CacheDb {
    const { file } = options;
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${file}${suffix}`, { force: true });
    const db = openFile(file, options.nativeBinding);
    applyMigrations(db, migrations);
    restoreSalvage(db, salvage);
    return new CacheDb(db, file, reason, options.nativeBinding);
  }

  /**
   * Runs `fn` in one transaction (nested calls become savepoints). Tables reported inside are
   * announced once, after the outermost commit; nothing is announced on rollback.
   */
  transaction<T>(fn: () => T): T {
    this.depth++;
    const queued = this.committed.length;
    let result: T;
    try {
      result = this.sql.transaction(fn)();
    } catch (error) {
      this.depth--;
      this.committed.length = queued;
      if (this.depth === 0) this.pending.clear();
      throw error;
    }
    this.depth--;
    if (this.depth === 0) {
      for (const fn of this.committed.splice(0)) fn();
      this.flush();
    }
    return result;
  }

  /** Repositories call this for every write; outside a transaction the change is announced at once. */
  touched(...tables: CacheTable[]): void {
    for (const table of tables) this.pending.add(table);
    if (this.depth === 0) this.flush();
  }

  /**
   * Runs `fn` once the current transaction has committed (at once outside one); never if it rolls
   * back, a savepoint's rollback included. For state that must follow committed schema only.
   */
  afterCommit(fn: () => void): void {
    if (this.depth === 0) fn();
    else this.committed.push(fn);
  }

  close(): void {
    this.changed.dispose();
    if (this.sql.open) this.sql.close();
  }

  private flush(): void {
    if (this.pending.size === 0) return;
    const tables = [...this.pending].sort();
    this.pending.clear();
    this.changed.fire(tables);
  }
}

function openFile(file: string, nativeBinding: string | undefined): BetterSqlite3.Database {
  const db = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // 32 MiB of page cache: the index pages of a 100,000-log cache stay in memory during syncs.
    db.pragma('cache_size = -32768');
    // A WAL that grew large (an initial sync) is cut back to this when it next starts over.
    db.pragma('journal_size_limit = 67108864');
    // Fails fast on a file that is not a database, before any migration decision is taken.
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
