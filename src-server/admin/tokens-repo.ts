import type { ApiToken } from '../../src-shared/schemas/admin.js';
import type { Role } from '../../src-shared/domain/roles.js';
import type { Queryable } from '../db/database.js';

/** The columns a token shows: never `token_hash`. */
export const TOKEN_COLUMNS = 'id, name, role, merchant_id, created_at, revoked_at';

/** One token without its hash; undefined when unknown. `lock` holds the row for the transaction. */
export async function findToken(db: Queryable, id: string, lock = false): Promise<ApiToken | undefined> {
  const { rows } = await db.query<ApiToken>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0];
}

/**
 * Tokens newest first, keyset-paginated on (created_at, id). The cursor keeps the creation time
 * in whole microseconds: ISO strings stop at milliseconds and would skip tokens made within one.
 */
export async function listTokens(
  db: Queryable,
  filter: { role?: Role; status?: 'active' | 'revoked'; after?: [number, string]; limit: number },
): Promise<{ items: ApiToken[]; next: [number, string] | null }> {
  const { rows } = await db.query<ApiToken & { created_us: number }>(
    `SELECT ${TOKEN_COLUMNS}, created_us FROM (
       SELECT ${TOKEN_COLUMNS}, (extract(epoch FROM created_at) * 1000000)::int8 AS created_us FROM api_tokens
        WHERE ($1::text IS NULL OR role = $1)
          AND ($2::text IS NULL OR ($2 = 'revoked') = (revoked_at IS NOT NULL))) t
      WHERE $3::int8 IS NULL OR (created_us, id) < ($3::int8, $4::uuid)
      ORDER BY created_us DESC, id DESC LIMIT $5`,
    [filter.role ?? null, filter.status ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit + 1],
  );
  const items = rows.slice(0, filter.limit).map(({ created_us: _created, ...token }) => token);
  const last = rows[filter.limit - 1];
  return { items, next: rows.length > filter.limit && last ? [last.created_us, last.id] : null };
}

/** Sets `revoked_at` now and returns the row. */
export async function revokeToken(db: Queryable, id: string): Promise<ApiToken> {
  const { rows } = await db.query<ApiToken>(`UPDATE api_tokens SET revoked_at = now() WHERE id = $1 RETURNING ${TOKEN_COLUMNS}`, [id]);
  return rows[0]!;
}
