import type { PatchAction, PatchMatch } from '../../src-shared/patch-format.js';
import type { SdkPatch, SdkPatchVersion } from '../../src-shared/schemas/sdk.js';
import type { Queryable } from '../db/database.js';
import { conflict, notFound } from '../http/errors.js';
import type { PatchSignature } from './signing.js';

/** The content of one patch version, validated and ready to store. */
export interface PatchContent {
  sdk_language: string;
  error_signature: string;
  description: string;
  severity: SdkPatch['severity'];
  match: PatchMatch;
  actions: PatchAction[];
  patch_code: string | null;
  rollback_code: string | null;
}

/** Loads a registry row or throws 404; `lock` holds it for the rest of the transaction. */
export async function getPatch(db: Queryable, id: string, lock = false): Promise<SdkPatch> {
  const { rows } = await db.query<SdkPatch>(`SELECT * FROM sdk_self_healing_registry WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  if (!rows[0]) throw notFound('patch', id);
  return rows[0];
}

/** Loads one version of a patch or throws 404. */
export async function getVersion(db: Queryable, patchId: string, version: number): Promise<SdkPatchVersion> {
  const { rows } = await db.query<SdkPatchVersion>('SELECT * FROM sdk_patch_versions WHERE patch_id = $1 AND version = $2', [
    patchId,
    version,
  ]);
  if (!rows[0]) throw notFound(`version ${version} of patch`, patchId);
  return rows[0];
}

/** Every version of a patch, newest first. */
export async function listVersions(db: Queryable, patchId: string): Promise<SdkPatchVersion[]> {
  const { rows } = await db.query<SdkPatchVersion>('SELECT * FROM sdk_patch_versions WHERE patch_id = $1 ORDER BY version DESC', [
    patchId,
  ]);
  return rows;
}

/** Who writes or reviews a patch: the token (what the two-person rule compares) and its name (what people read). */
export interface PatchActor {
  tokenId: string;
  name: string;
}

/** Inserts a new, inactive registry row whose face is `content`. */
export async function insertPatch(db: Queryable, content: PatchContent, author: PatchActor): Promise<SdkPatch> {
  const { rows } = await db.query<SdkPatch>(
    `INSERT INTO sdk_self_healing_registry
       (sdk_language, error_signature, patch_code, rollback_code, description, severity, active, version, created_by, created_by_name)
     VALUES ($1, $2, $3, $4, $5, $6, false, 1, $7, $8) RETURNING *`,
    [content.sdk_language, content.error_signature, content.patch_code, content.rollback_code, content.description, content.severity, author.tokenId, author.name],
  );
  return rows[0]!;
}

/**
 * Writes a signed version, waiting for review, with its author's change note (null: none). Versions
 * are never updated afterwards, except their review state.
 */
export async function insertVersion(
  db: Queryable,
  patchId: string,
  version: number,
  content: PatchContent,
  signed: PatchSignature,
  author: PatchActor,
  changeNote: string | null = null,
): Promise<SdkPatchVersion> {
  const { rows } = await db.query<SdkPatchVersion>(
    `INSERT INTO sdk_patch_versions
       (patch_id, version, sdk_language, error_signature, description, severity, match, actions, patch_code, rollback_code,
        content_hash, signature, key_id, expires_at, status, created_by, created_by_name, change_note)
     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9, $10, $11, $12, $13, $17, 'pending_review', $14, $15, $16) RETURNING *`,
    [
      patchId,
      version,
      content.sdk_language,
      content.error_signature,
      content.description,
      content.severity,
      JSON.stringify(content.match),
      JSON.stringify(content.actions),
      content.patch_code,
      content.rollback_code,
      signed.content_hash,
      signed.signature,
      signed.key_id,
      author.tokenId,
      author.name,
      changeNote,
      signed.expires_at,
    ],
  );
  return rows[0]!;
}

/** Versions still waiting for review when a newer one is written are superseded by it. */
export async function supersedePending(db: Queryable, patchId: string): Promise<void> {
  await db.query(`UPDATE sdk_patch_versions SET status = 'superseded' WHERE patch_id = $1 AND status = 'pending_review'`, [patchId]);
}

/**
 * Records a new newest version on the registry row. While no version is active the row's face
 * follows the newest draft; once one is active, the face keeps showing what is served.
 */
export async function recordNewVersion(db: Queryable, patchId: string, version: number, content: PatchContent): Promise<SdkPatch> {
  const { rows } = await db.query<SdkPatch>(
    `UPDATE sdk_self_healing_registry SET
       version = $2, updated_at = now(),
       error_signature = CASE WHEN active_version IS NULL THEN $3 ELSE error_signature END,
       description     = CASE WHEN active_version IS NULL THEN $4 ELSE description END,
       severity        = CASE WHEN active_version IS NULL THEN $5 ELSE severity END,
       patch_code      = CASE WHEN active_version IS NULL THEN $6 ELSE patch_code END,
       rollback_code   = CASE WHEN active_version IS NULL THEN $7 ELSE rollback_code END
     WHERE id = $1 RETURNING *`,
    [patchId, version, content.error_signature, content.description, content.severity, content.patch_code, content.rollback_code],
  );
  return rows[0]!;
}

/**
 * Makes `version` the served one: the previous active version retires, the registry shows the new
 * content. A deactivated patch is refused (409 `patch_deactivated`) whoever calls: deactivation wins
 * over every pending version until the patch is reactivated on purpose. The caller holds the
 * registry row's lock (`getPatch(..., true)`), so the check and the activation see the same row.
 * `comment` is the reviewer's (null: none).
 */
export async function activateVersion(
  db: Queryable,
  version: SdkPatchVersion,
  reviewer: PatchActor,
  comment: string | null = null,
): Promise<{ patch: SdkPatch; version: SdkPatchVersion }> {
  const current = await getPatch(db, version.patch_id);
  assertNotDeactivated(current);
  await db.query(`UPDATE sdk_patch_versions SET status = 'retired' WHERE patch_id = $1 AND status = 'active'`, [version.patch_id]);
  const activated = await db.query<SdkPatchVersion>(
    `UPDATE sdk_patch_versions SET status = 'active', reviewed_by = $2, reviewed_by_name = $3, reviewed_at = now(), review_comment = $4
      WHERE id = $1 RETURNING *`,
    [version.id, reviewer.tokenId, reviewer.name, comment],
  );
  const patch = await db.query<SdkPatch>(
    `UPDATE sdk_self_healing_registry SET
       active = true, active_version = $2, error_signature = $3, description = $4, severity = $5,
       patch_code = $6, rollback_code = $7, updated_at = now()
     WHERE id = $1 RETURNING *`,
    [version.patch_id, version.version, version.error_signature, version.description, version.severity, version.patch_code, version.rollback_code],
  );
  return { patch: patch.rows[0]!, version: activated.rows[0]! };
}

/** Marks a pending version rejected, with the reviewer's reason. */
export async function rejectVersion(
  db: Queryable,
  version: SdkPatchVersion,
  reviewer: PatchActor,
  reason: string,
): Promise<{ patch: SdkPatch; version: SdkPatchVersion }> {
  const rejected = await db.query<SdkPatchVersion>(
    `UPDATE sdk_patch_versions SET status = 'rejected', reviewed_by = $2, reviewed_by_name = $3, reviewed_at = now(), rejection_reason = $4
      WHERE id = $1 RETURNING *`,
    [version.id, reviewer.tokenId, reviewer.name, reason],
  );
  const patch = await db.query<SdkPatch>('UPDATE sdk_self_healing_registry SET updated_at = now() WHERE id = $1 RETURNING *', [
    version.patch_id,
  ]);
  return { patch: patch.rows[0]!, version: rejected.rows[0]! };
}

/** Throws 409 `patch_deactivated` (with the row) when the patch was taken out of service. */
export function assertNotDeactivated(patch: SdkPatch): void {
  if (patch.deactivated_at !== null) {
    throw conflict(
      'patch_deactivated',
      `patch ${patch.id} was deactivated${patch.deactivated_by ? ` by ${patch.deactivated_by}` : ''}; reactivate it before approving a version`,
      patch,
    );
  }
}

/**
 * Takes a patch out of service, whether or not a version was ever approved: it stops being served
 * and no pending version can be approved until it is reactivated. Its versions and history stay.
 */
export async function deactivatePatch(db: Queryable, patchId: string, deactivatedBy: string | null = null): Promise<SdkPatch> {
  const { rows } = await db.query<SdkPatch>(
    `UPDATE sdk_self_healing_registry
        SET active = false, deactivated_at = now(), deactivated_by = $2, updated_at = now()
      WHERE id = $1 RETURNING *`,
    [patchId, deactivatedBy],
  );
  return rows[0]!;
}

/** Puts a deactivated patch back in service: its last approved version (if any) is served again. */
export async function reactivatePatch(db: Queryable, patchId: string): Promise<SdkPatch> {
  const { rows } = await db.query<SdkPatch>(
    `UPDATE sdk_self_healing_registry
        SET active = active_version IS NOT NULL, deactivated_at = NULL, deactivated_by = NULL, updated_at = now()
      WHERE id = $1 RETURNING *`,
    [patchId],
  );
  return rows[0]!;
}

/** Registry rows, newest first, after the keyset position `after` ([microsecond key, id]). */
export async function listPatches(
  db: Queryable,
  filter: { sdkLanguage?: string; active?: boolean; limit: number; after: [number, string] | null },
): Promise<Array<SdkPatch & { sort_key: number }>> {
  const { rows } = await db.query<SdkPatch & { sort_key: number }>(
    `SELECT r.*, (extract(epoch FROM r.created_at) * 1000000)::int8 AS sort_key
       FROM sdk_self_healing_registry r
      WHERE ($1::text IS NULL OR r.sdk_language = $1)
        AND ($2::boolean IS NULL OR r.active = $2)
        AND ($3::int8 IS NULL OR ((extract(epoch FROM r.created_at) * 1000000)::int8, r.id) < ($3::int8, $4::uuid))
      ORDER BY r.created_at DESC, r.id DESC
      LIMIT $5`,
    [filter.sdkLanguage ?? null, filter.active ?? null, filter.after?.[0] ?? null, filter.after?.[1] ?? null, filter.limit],
  );
  return rows;
}
