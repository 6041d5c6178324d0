import type BetterSqlite3 from 'better-sqlite3';
import type { CacheDb } from '../cache-db.js';

/** A backend profile as stored (the token is in the secret store). */
export interface ProfileRecord {
  id: string;
  name: string;
  url: string;
  embedded: boolean;
  createdAt: string;
}

interface ProfileRow {
  id: string;
  name: string;
  url: string;
  embedded: number;
  created_at: string;
}

export class ProfilesRepository {
  private readonly s: {
    list: BetterSqlite3.Statement<[], ProfileRow>;
    get: BetterSqlite3.Statement<[string], ProfileRow>;
    insert: BetterSqlite3.Statement<[string, string, string, number, string]>;
    update: BetterSqlite3.Statement<[string, string, string]>;
    delete: BetterSqlite3.Statement<[string]>;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      list: sql.prepare('SELECT * FROM profiles ORDER BY created_at, rowid'),
      get: sql.prepare('SELECT * FROM profiles WHERE id = ?'),
      insert: sql.prepare('INSERT INTO profiles (id, name, url, embedded, created_at) VALUES (?, ?, ?, ?, ?)'),
      update: sql.prepare('UPDATE profiles SET name = ?, url = ? WHERE id = ?'),
      delete: sql.prepare('DELETE FROM profiles WHERE id = ?'),
    };
  }

  list(): ProfileRecord[] {
    return this.s.list.all().map(toRecord);
  }

  get(id: string): ProfileRecord | undefined {
    const row = this.s.get.get(id);
    return row ? toRecord(row) : undefined;
  }

  insert(profile: ProfileRecord): void {
    this.s.insert.run(profile.id, profile.name, profile.url, profile.embedded ? 1 : 0, profile.createdAt);
    this.cache.touched('profiles');
  }

  update(id: string, name: string, url: string): void {
    this.s.update.run(name, url, id);
    this.cache.touched('profiles');
  }

  /** Deletes the profile; its outbox items and conflicts go with it (foreign keys cascade). */
  delete(id: string): void {
    this.s.delete.run(id);
    this.cache.touched('profiles', 'outbox', 'conflicts', 'sync_state');
  }
}

function toRecord(row: ProfileRow): ProfileRecord {
  return { id: row.id, name: row.name, url: row.url, embedded: row.embedded === 1, createdAt: row.created_at };
}
