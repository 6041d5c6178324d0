import type BetterSqlite3 from 'better-sqlite3';
import type { CacheDb } from '../cache-db.js';
import { SYNCED_TABLES } from '../tables.js';

/** Who the backend says the token is. */
export interface Identity {
  name: string;
  role: string;
  merchantId: string | null;
  /** The token's id (a patch version's `created_by` names its author by it); absent when the backend did not say. */
  tokenId?: string;
}

export interface SyncState {
  profileId: string | null;
  cursor: number;
  initialSyncDone: boolean;
  lastSuccessAt: string | null;
  lastError: string | null;
  identity: Identity | null;
}

interface SyncStateRow {
  profile_id: string | null;
  feed_cursor: number;
  initial_sync_done: number;
  last_success_at: string | null;
  last_error: string | null;
  identity: string | null;
}

/** The one sync_state row: active profile, feed cursor, last success and last error. */
export class SyncStateRepository {
  private readonly s: {
    get: BetterSqlite3.Statement<[], SyncStateRow>;
    cursor: BetterSqlite3.Statement<[number, number]>;
    success: BetterSqlite3.Statement<[string]>;
    error: BetterSqlite3.Statement<[string | null]>;
    identity: BetterSqlite3.Statement<[string | null]>;
    profile: BetterSqlite3.Statement<[string | null]>;
    resetFeed: BetterSqlite3.Statement<[]>;
  };
  private readonly clearStatements: BetterSqlite3.Statement[];

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      get: sql.prepare('SELECT * FROM sync_state WHERE id = 1'),
      cursor: sql.prepare('UPDATE sync_state SET feed_cursor = ?, initial_sync_done = max(initial_sync_done, ?) WHERE id = 1'),
      success: sql.prepare('UPDATE sync_state SET last_success_at = ?, last_error = NULL WHERE id = 1'),
      error: sql.prepare<[string | null]>('UPDATE sync_state SET last_error = ? WHERE id = 1'),
      identity: sql.prepare<[string | null]>('UPDATE sync_state SET identity = ? WHERE id = 1'),
      profile: sql.prepare<[string | null]>('UPDATE sync_state SET profile_id = ? WHERE id = 1'),
      resetFeed: sql.prepare(
        'UPDATE sync_state SET feed_cursor = 0, initial_sync_done = 0, last_success_at = NULL, last_error = NULL, identity = NULL WHERE id = 1',
      ),
    };
    this.clearStatements = SYNCED_TABLES.map((table) => sql.prepare(`DELETE FROM ${table}`));
  }

  get(): SyncState {
    const row = this.s.get.get()!;
    return {
      profileId: row.profile_id,
      cursor: row.feed_cursor,
      initialSyncDone: row.initial_sync_done === 1,
      lastSuccessAt: row.last_success_at,
      lastError: row.last_error,
      identity: row.identity === null ? null : (JSON.parse(row.identity) as Identity),
    };
  }

  setCursor(cursor: number, initialSyncDone: boolean): void {
    this.s.cursor.run(cursor, initialSyncDone ? 1 : 0);
    this.cache.touched('sync_state');
  }

  recordSuccess(at: string): void {
    this.s.success.run(at);
    this.cache.touched('sync_state');
  }

  recordError(message: string | null): void {
    this.s.error.run(message);
    this.cache.touched('sync_state');
  }

  setIdentity(identity: Identity | null): void {
    this.s.identity.run(identity === null ? null : JSON.stringify(identity));
    this.cache.touched('sync_state');
  }

  /**
   * Empties every synced table and rewinds the feed, in one transaction; the outbox and conflicts
   * stay. With `profileId` the cache now mirrors that profile.
   */
  resetSyncedData(profileId?: string | null): void {
    this.cache.transaction(() => {
      for (const statement of this.clearStatements) statement.run();
      this.s.resetFeed.run();
      if (profileId !== undefined) this.s.profile.run(profileId);
      this.cache.touched('sync_state', ...SYNCED_TABLES);
    });
  }
}
