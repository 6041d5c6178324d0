import { randomBytes } from 'node:crypto';
import type { SandboxKey, SandboxKeyCreated } from '../../src-shared/schemas/sandbox.js';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http/errors.js';

/** A key row with its secret, as the request path needs it (never sent to staff lists). */
export type SandboxKeyRow = SandboxKeyCreated;

const KEY_COLUMNS = 'id, developer_id, api_key, status, created_at, expired_at';

/**
 * Creates a sandbox key pair for a developer. The secret is a sandbox-only secret kept in plain
 * text: the server needs it to recompute request HMACs, and it never guards real money.
 */
export async function createSandboxKey(db: Queryable, developerId: string): Promise<SandboxKeyCreated> {
  const apiKey = `mk_test_${randomBytes(16).toString('hex')}`;
  const secretKey = `sk_test_${randomBytes(32).toString('hex')}`;
  const { rows } = await db.query<SandboxKeyCreated>(
    `INSERT INTO sandbox_api_keys (developer_id, api_key, secret_key) VALUES ($1, $2, $3)
     RETURNING ${KEY_COLUMNS}, secret_key`,
    [developerId, apiKey, secretKey],
  );
  return rows[0]!;
}

/** Looks a key up by its public value, secret included; undefined when unknown. */
export async function findSandboxKey(db: Queryable, apiKey: string): Promise<SandboxKeyRow | undefined> {
  const { rows } = await db.query<SandboxKeyRow>(`SELECT ${KEY_COLUMNS}, secret_key FROM sandbox_api_keys WHERE api_key = $1`, [apiKey]);
  return rows[0];
}

/**
 * Keys without secrets, newest first, keyset-paginated on (created_at, id). The cursor keeps the
 * creation time in whole microseconds: ISO strings stop at milliseconds and would skip keys made
 * within the same millisecond.
 */
export async function listSandboxKeys(
  db: Queryable,
  filter: { developerId?: string; after?: [number, string]; limit: number },
): Promise<{ items: SandboxKey[]; next: [number, string] | null }> {
  const { rows } = await db.query<SandboxKey & { created_us: number }>(
    `SELECT ${KEY_COLUMNS}, created_us FROM (
       SELECT ${KEY_COLUMNS}, (extract(epoch FROM created_at) * 1000000)::int8 AS created_us FROM sandbox_api_keys
        WHERE $1::text IS NULL OR developer_id = $1) k
      WHERE $2::int8 IS NULL OR (created_us, id) < ($2::int8, $3::uuid)
      ORDER BY created_us DESC, id DESC LIMIT $4`,
    [filter.developerId ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit + 1],
  );
  const items = rows.slice(0, filter.limit).map(({ created_us: _created, ...key }) => key);
  const last = rows[filter.limit - 1];
  return { items, next: rows.length > filter.limit && last ? [last.created_us, last.id] : null };
}

export interface RotationResult {
  developer_id: string;
  expired_api_key: string;
  active_api_keys: string[];
  fallback_key: SandboxKeyCreated | null;
  /** The rotated key before and after, for the audit log (no secrets). */
  before: SandboxKey;
  after: SandboxKey;
}

/**
 * Expires `apiKey` now. The developer's other active keys keep working; when none is left, a
 * fallback key is created and returned. All of the developer's keys are locked first, so two
 * rotations at once cannot leave the developer without an active key.
 */
export async function rotateSandboxKey(db: Queryable, apiKey: string): Promise<RotationResult> {
  const { rows: keys } = await db.query<SandboxKey>(
    `SELECT ${KEY_COLUMNS} FROM sandbox_api_keys
      WHERE developer_id = (SELECT developer_id FROM sandbox_api_keys WHERE api_key = $1)
      ORDER BY id FOR UPDATE`,
    [apiKey],
  );
  const before = keys.find((k) => k.api_key === apiKey);
  if (!before) throw new HttpError(404, 'not_found', 'no sandbox API key with this value', { field: 'body.rotate_key' });
  let after = before;
  if (before.status === 'active') {
    const { rows } = await db.query<SandboxKey>(
      `UPDATE sandbox_api_keys SET status = 'expired', expired_at = now() WHERE id = $1 RETURNING ${KEY_COLUMNS}`,
      [before.id],
    );
    after = rows[0]!;
  }
  const active = keys.filter((k) => k.status === 'active' && k.id !== before.id).map((k) => k.api_key);
  const fallback = active.length === 0 ? await createSandboxKey(db, before.developer_id) : null;
  return {
    developer_id: before.developer_id,
    expired_api_key: apiKey,
    active_api_keys: fallback ? [fallback.api_key] : active,
    fallback_key: fallback,
    before,
    after,
  };
}
