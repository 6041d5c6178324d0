import type BetterSqlite3 from 'better-sqlite3';
import { DURABLE_TABLES } from './tables.js';

/** The user's own rows read out of a cache file that is about to be rebuilt. */
export interface Salvage {
  rows: Partial<Record<(typeof DURABLE_TABLES)[number], Array<Record<string, unknown>>>>;
  activeProfileId: string | null;
}

/**
 * Reads profiles, queued decisions and open conflicts from an old cache file, as far as it can be
 * read: a rebuild must not lose a decision the user already took.
 */
export function readSalvage(db: BetterSqlite3.Database): Salvage {
  const salvage: Salvage = { rows: {}, activeProfileId: null };
  for (const table of DURABLE_TABLES) {
    try {
      salvage.rows[table] = db.prepare(`SELECT * FROM ${table}`).all() as Array<Record<string, unknown>>;
    } catch {
      // table missing or unreadable: nothing to keep from it
    }
  }
  try {
    const row = db.prepare('SELECT profile_id FROM sync_state WHERE id = 1').get() as { profile_id: string | null } | undefined;
    salvage.activeProfileId = row?.profile_id ?? null;
  } catch {
    // no sync_state: no active profile to restore
  }
  return salvage;
}

/** Writes salvaged rows into a freshly migrated cache, keeping only the columns the new schema has. */
export function restoreSalvage(db: BetterSqlite3.Database, salvage: Salvage): number {
  let restored = 0;
  db.transaction(() => {
    for (const table of DURABLE_TABLES) {
      const rows = salvage.rows[table] ?? [];
      if (rows.length === 0) continue;
      const columns = new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((c) => c.name));
      for (const salvaged of rows) {
        const row = withTargetKind(salvaged);
        const keys = Object.keys(row).filter((k) => columns.has(k));
        if (keys.length === 0) continue;
        const statement = db.prepare(
          `INSERT OR IGNORE INTO ${table} (${keys.join(', ')}) VALUES (${keys.map(() => '?').join(', ')})`,
        );
        try {
          restored += statement.run(...keys.map((k) => row[k])).changes;
        } catch {
          // a row the new schema refuses (a removed state, a dangling profile) cannot be kept
        }
      }
    }
    if (salvage.activeProfileId) {
      db.prepare('UPDATE sync_state SET profile_id = (SELECT id FROM profiles WHERE id = ?) WHERE id = 1').run(salvage.activeProfileId);
    }
  })();
  return restored;
}

/**
 * A decision or conflict salvaged from a cache older than migration 0007 names its target in
 * `log_id` or `pause_id`; since 0007 it is (`kind`, `target_id`), those two being computed.
 */
function withTargetKind(row: Record<string, unknown>): Record<string, unknown> {
  if ('kind' in row || !('log_id' in row)) return row;
  const pauseId = row['pause_id'] ?? null;
  return { ...row, kind: pauseId !== null ? 'pause' : 'log', target_id: pauseId ?? row['log_id'] };
}
