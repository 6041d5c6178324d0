import type { Queryable } from '../db/database.js';

/**
 * Inserts `rows` into `table` in one statement: the rows travel as one JSON parameter and are
 * expanded by `jsonb_populate_recordset`, so a few hundred rows cost one round trip. Only
 * `columns` are written (the others take their defaults); keys that are not columns are ignored.
 * `table` and `columns` come from this module's callers, never from input.
 */
export async function insertRows(db: Queryable, table: string, columns: readonly string[], rows: readonly object[]): Promise<void> {
  if (rows.length === 0) return;
  const list = columns.join(', ');
  await db.query(`INSERT INTO ${table} (${list}) SELECT ${list} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb)`, [
    JSON.stringify(rows),
  ]);
}
