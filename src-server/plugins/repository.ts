import type { Plugin, RegisterPluginBody } from '../../src-shared/schemas/plugins.js';
import type { Queryable } from '../db/database.js';
import { notFound } from '../http/errors.js';

/** Loads a plugin or throws 404. `lock` takes a row lock for the rest of the transaction. */
export async function getPlugin(db: Queryable, id: string, lock = false): Promise<Plugin> {
  const { rows } = await db.query<Plugin>(`SELECT * FROM plugins WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('plugin', id);
  return rows[0];
}

/** Inserts or refreshes a plugin's registration; undefined when the id belongs to another merchant. */
export async function upsertPlugin(db: Queryable, merchantId: string, body: RegisterPluginBody): Promise<Plugin | undefined> {
  const { rows } = await db.query<Plugin>(
    `INSERT INTO plugins (id, merchant_id, cms, cms_version, plugin_version, php_version, state, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, COALESCE($7::jsonb, '{}'::jsonb), now())
     ON CONFLICT (id) DO UPDATE SET
       cms_version = EXCLUDED.cms_version, plugin_version = EXCLUDED.plugin_version,
       php_version = EXCLUDED.php_version, state = COALESCE($7::jsonb, plugins.state),
       last_seen_at = now(), updated_at = now(), version = plugins.version + 1
     WHERE plugins.merchant_id = EXCLUDED.merchant_id
     RETURNING *`,
    [body.id, merchantId, body.cms, body.cms_version, body.plugin_version, body.php_version ?? null, body.state ? JSON.stringify(body.state) : null],
  );
  return rows[0];
}

/**
 * Marks a plugin as seen. Only writes when the last sighting is over a minute old, so a busy
 * plugin does not flood the change feed.
 */
export async function touchPlugin(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE plugins SET last_seen_at = now()
      WHERE id = $1 AND (last_seen_at IS NULL OR last_seen_at < now() - interval '1 minute')`,
    [id],
  );
}
