import type { PatchRefusal, PatchRefusalReport } from '../../src-shared/schemas/sdk-refusal.js';
import type { Queryable } from '../db/database.js';

// A refusal already stored under the same report_id (for this developer) is skipped, so an SDK can
// resend a batch safely. A time in the future (a skewed SDK clock) is stored as the time of receipt.
const INSERT_REFUSALS_SQL = `
  INSERT INTO sdk_patch_refusals
    (report_id, developer_id, patch_id, patch_version, sdk_language, sdk_version, reason_code, reason,
     expires_at, highest_seen_version, refused_at)
  SELECT x.report_id, $2, x.patch_id, x.patch_version, x.sdk_language, x.sdk_version, x.reason_code, x.reason,
         x.expires_at, x.highest_seen_version, LEAST(x.refused_at, now())
    FROM jsonb_to_recordset($1::jsonb) AS x(
      report_id text, patch_id uuid, patch_version integer, sdk_language text, sdk_version text, reason_code text,
      reason text, expires_at timestamptz, highest_seen_version integer, refused_at timestamptz)
  ON CONFLICT (developer_id, report_id) DO NOTHING
  RETURNING sdk_language, reason_code`;

/** Stores a batch of one developer's refusals in one statement; returns the rows it stored (not the duplicates). */
export async function insertRefusals(
  db: Queryable,
  developerId: string,
  refusals: readonly PatchRefusalReport[],
): Promise<Array<{ sdk_language: string; reason_code: string }>> {
  const { rows } = await db.query<{ sdk_language: string; reason_code: string }>(INSERT_REFUSALS_SQL, [
    JSON.stringify(refusals),
    developerId,
  ]);
  return rows;
}

/** The newest refusals first, of one patch when `patchId` is given. */
export async function listRefusals(db: Queryable, filter: { patchId?: string; limit: number }): Promise<PatchRefusal[]> {
  const { rows } = await db.query<PatchRefusal>(
    `SELECT id, report_id, developer_id, patch_id, patch_version, sdk_language, sdk_version, reason_code, reason,
            expires_at, highest_seen_version, refused_at, received_at
       FROM sdk_patch_refusals
      WHERE ($1::uuid IS NULL OR patch_id = $1)
      ORDER BY refused_at DESC, id DESC
      LIMIT $2`,
    [filter.patchId ?? null, filter.limit],
  );
  return rows;
}
