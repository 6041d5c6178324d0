import type { InteropMapping, UpsertInteropMappingBody } from '../../src-shared/schemas/interop.js';
import type { Queryable } from '../db/database.js';
import { conflict } from '../http/errors.js';

/** Mappings, by platform then native event name. */
export async function listMappings(db: Queryable, filter: { platform?: string; active?: boolean }): Promise<InteropMapping[]> {
  const { rows } = await db.query<InteropMapping>(
    `SELECT * FROM interop_event_mappings
      WHERE ($1::text IS NULL OR platform = $1) AND ($2::boolean IS NULL OR active = $2)
      ORDER BY platform, source_event`,
    [filter.platform ?? null, filter.active ?? null],
  );
  return rows;
}

/**
 * Creates the mapping of (platform, source_event) or replaces it (version + 1). With `ifMatch`,
 * the stored version must equal it (409 `stale_version` carrying the current row otherwise).
 * Events are normalized against the mappings table inside their INSERT, so the change applies
 * to the next event without any cache to clear.
 */
export async function upsertMapping(
  db: Queryable,
  body: UpsertInteropMappingBody,
  ifMatch: number | undefined,
): Promise<{ before: InteropMapping | null; after: InteropMapping }> {
  const current = await db.query<InteropMapping>(
    'SELECT * FROM interop_event_mappings WHERE platform = $1 AND source_event = $2 FOR UPDATE',
    [body.platform, body.source_event],
  );
  const before = current.rows[0] ?? null;
  if (ifMatch !== undefined && before?.version !== ifMatch) {
    throw before
      ? conflict('stale_version', `mapping is at version ${before.version}, not ${ifMatch}`, before)
      : conflict('stale_version', `no mapping exists yet for ${body.platform} ${body.source_event}`, null);
  }
  const { rows } = await db.query<InteropMapping>(
    `INSERT INTO interop_event_mappings (platform, source_event, normalized_event, field_mapping, active)
     VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (platform, source_event) DO UPDATE SET
       normalized_event = EXCLUDED.normalized_event, field_mapping = EXCLUDED.field_mapping, active = EXCLUDED.active,
       updated_at = now(), version = interop_event_mappings.version + 1
     RETURNING *`,
    [body.platform, body.source_event, body.normalized_event, JSON.stringify(body.field_mapping), body.active],
  );
  return { before, after: rows[0]! };
}
