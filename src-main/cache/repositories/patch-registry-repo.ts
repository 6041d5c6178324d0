import type BetterSqlite3 from 'better-sqlite3';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import { SdkPatchSchema, SdkPatchVersionSchema, type SdkPatch, type SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';
import type { CacheDb } from '../cache-db.js';

/** A cached registry row with the pending state of decisions on it (deactivate, reactivate). */
export interface CachedPatch {
  patch: SdkPatch;
  localState: LocalState;
}

/** A cached version with the pending state of reviews of it. */
export interface CachedPatchVersion {
  version: SdkPatchVersion;
  localState: LocalState;
  /** The change note the author submitted it with, when the backend's row carries one. */
  changeNote: string | null;
}

/**
 * Reads of the cached SDK patch registry (`sdk_patches`, `sdk_patch_versions`), which the change
 * feed writes through the entity repositories; `local_state` is kept by PendingStates.
 */
export class PatchRegistryRepository {
  private readonly s: {
    patches: BetterSqlite3.Statement<[], { data: string; local_state: LocalState }>;
    patch: BetterSqlite3.Statement<[string], { data: string; local_state: LocalState }>;
    versions: BetterSqlite3.Statement<[], { data: string; local_state: LocalState }>;
    versionsOf: BetterSqlite3.Statement<[string], { data: string; local_state: LocalState }>;
    version: BetterSqlite3.Statement<[string, number], { data: string; local_state: LocalState }>;
    versionById: BetterSqlite3.Statement<[string], { data: string; local_state: LocalState }>;
    pending: BetterSqlite3.Statement<[], { data: string; local_state: LocalState }>;
  };

  constructor(cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      patches: sql.prepare('SELECT data, local_state FROM sdk_patches'),
      patch: sql.prepare('SELECT data, local_state FROM sdk_patches WHERE id = ?'),
      versions: sql.prepare('SELECT data, local_state FROM sdk_patch_versions'),
      versionsOf: sql.prepare('SELECT data, local_state FROM sdk_patch_versions WHERE patch_id = ? ORDER BY version DESC'),
      version: sql.prepare('SELECT data, local_state FROM sdk_patch_versions WHERE patch_id = ? AND version = ?'),
      versionById: sql.prepare('SELECT data, local_state FROM sdk_patch_versions WHERE id = ?'),
      pending: sql.prepare("SELECT data, local_state FROM sdk_patch_versions WHERE status = 'pending_review' ORDER BY json_extract(data, '$.created_at'), id"),
    };
  }

  patches(): CachedPatch[] {
    return this.s.patches.all().map(toPatch);
  }

  patch(id: string): CachedPatch | undefined {
    const row = this.s.patch.get(id);
    return row ? toPatch(row) : undefined;
  }

  /** Every cached version (the list groups them by patch). */
  allVersions(): CachedPatchVersion[] {
    return this.s.versions.all().map(toVersion);
  }

  /** A patch's versions, newest first. */
  versionsOf(patchId: string): CachedPatchVersion[] {
    return this.s.versionsOf.all(patchId).map(toVersion);
  }

  version(patchId: string, version: number): CachedPatchVersion | undefined {
    const row = this.s.version.get(patchId, version);
    return row ? toVersion(row) : undefined;
  }

  versionById(id: string): CachedPatchVersion | undefined {
    const row = this.s.versionById.get(id);
    return row ? toVersion(row) : undefined;
  }

  /** Versions waiting for review, oldest first. */
  pendingVersions(): CachedPatchVersion[] {
    return this.s.pending.all().map(toVersion);
  }
}

function toPatch(row: { data: string; local_state: LocalState }): CachedPatch {
  return { patch: SdkPatchSchema.parse(JSON.parse(row.data)), localState: row.local_state };
}

function toVersion(row: { data: string; local_state: LocalState }): CachedPatchVersion {
  const data = JSON.parse(row.data) as Record<string, unknown>;
  const note = data['change_note'];
  return { version: SdkPatchVersionSchema.parse(data), localState: row.local_state, changeNote: typeof note === 'string' ? note : null };
}
