import type BetterSqlite3 from 'better-sqlite3';
import type { CacheDb } from '../cache-db.js';
import type { EntitySpec } from './entity-specs.js';

/**
 * A synced table other than healing logs: upsert and delete by id (from the change feed), read by
 * id or by one of its indexed columns. Rows come back as the server sent them.
 */
export class EntityRepository {
  private readonly upsertStatement: BetterSqlite3.Statement;
  private readonly deleteStatement: BetterSqlite3.Statement;
  private readonly getStatement: BetterSqlite3.Statement<[string], { data: string }>;
  private readonly byColumn = new Map<string, BetterSqlite3.Statement<[unknown], { data: string }>>();

  constructor(
    private readonly cache: CacheDb,
    readonly spec: EntitySpec,
  ) {
    const { table, columns, guardVersion } = spec;
    const all = [...columns, 'data'];
    const updates = all.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
    this.upsertStatement = cache.sql.prepare(
      `INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map(() => '?').join(', ')})
       ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}
       WHERE ${guardVersion ? `excluded.version > ${table}.version` : `excluded.data IS NOT ${table}.data`}`,
    );
    this.deleteStatement = cache.sql.prepare(`DELETE FROM ${table} WHERE id = ?`);
    this.getStatement = cache.sql.prepare(`SELECT data FROM ${table} WHERE id = ?`);
  }

  /**
   * Caches a server row; throws a ZodError when the row does not have the expected shape. A row whose
   * version the cache already holds (the same or older; for unversioned rows, the same JSON) is a
   * no-op that reports no change.
   */
  upsert(row: unknown, json?: string): void {
    const columns = this.spec.schema.parse(row);
    const { changes } = this.upsertStatement.run(...this.spec.columns.map((c) => columns[c] ?? null), json ?? JSON.stringify(row));
    if (changes > 0) this.cache.touched(this.spec.table);
  }

  delete(id: string): void {
    if (this.deleteStatement.run(id).changes > 0) this.cache.touched(this.spec.table);
  }

  get(id: string): Record<string, unknown> | undefined {
    const row = this.getStatement.get(id);
    return row ? (JSON.parse(row.data) as Record<string, unknown>) : undefined;
  }

  /** Rows whose indexed `column` equals `value` (column names come from the spec, never from input). */
  where(column: string, value: unknown): Array<Record<string, unknown>> {
    if (!this.spec.columns.includes(column)) throw new Error(`${this.spec.table} has no indexed column ${column}`);
    let statement = this.byColumn.get(column);
    if (!statement) {
      statement = this.cache.sql.prepare(`SELECT data FROM ${this.spec.table} WHERE ${column} = ? ORDER BY rowid`);
      this.byColumn.set(column, statement);
    }
    return statement.all(value).map((r) => JSON.parse(r.data) as Record<string, unknown>);
  }
}
