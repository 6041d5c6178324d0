import type BetterSqlite3 from 'better-sqlite3';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import type { SdkPatch, SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';
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
}

/** What the Patches list needs of each version (read without parsing the whole row). */
export interface VersionSummary {
  patch_id: string;
  version: number;
  status: string;
  local_state: LocalState;
  /** The version's match, as JSON text. */
  match: string;
}

/**
 * Reads of the cached SDK patch registry (`sdk_patches`, `sdk_patch_versions`), which the change
 * feed writes through the entity repositories; `local_state` is kept by PendingStates.
 */
export class PatchRegistryRepository {
  private readonly s: {
    patches: BetterSqlite3.Statement<[], { data: string; local_state: LocalState }>;
    patch: BetterSqlite3.Statement<[string], { data: string; local_state: LocalState }>;
    versionsOf: BetterSqlite3.Statement<[string], { data: string; local_state: LocalState }>;
    version: BetterSqlite3.Statement<[string, number], { data: string; local_state: LocalState }>;
    versionById: BetterSqlite3.Statement<[string], { data: string; local_state: LocalState }>;
    pending: BetterSqlite3.Statement<[], { data: string; local_state: LocalState }>;
    summaries: BetterSqlite3.Statement<[], VersionSummary>;
  };

  constructor(cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      patches: sql.prepare('SELECT data, local_state FROM sdk_patches'),
      patch: sql.prepare('SELECT data, local_state FROM sdk_patches WHERE id = ?'),
      versionsOf: sql.prepare('SELECT data, local_state FROM sdk_patch_versions WHERE patch_id = ? ORDER BY version DESC'),
      version: sql.prepare('SELECT data, local_state FROM sdk_patch_versions WHERE patch_id = ? AND version = ?'),
      versionById: sql.prepare('SELECT data, local_state FROM sdk_patch_versions WHERE id = ?'),
      summaries: sql.prepare("SELECT patch_id, version, status, local_state, json_extract(data, '$.match') AS match FROM sdk_patch_versions"),
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

  /** Every cached version, in short (the list groups them by patch). */
  versionSummaries(): VersionSummary[] {
    return this.s.summaries.all();
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

// Rows are read as the feed or a decision's answer cached them (checked by their schema then), as
// every cached entity is: the list reads thousands at a time.
function toPatch(row: { data: string; local_state: LocalState }): CachedPatch {
  return { patch: JSON.parse(row.data) as SdkPatch, localState: row.local_state };
}

function toVersion(row: { data: string; local_state: LocalState }): CachedPatchVersion {
  // Rows cached before versions kept a change note and a review comment lack them.
  const data = JSON.parse(row.data) as Omit<SdkPatchVersion, 'change_note' | 'review_comment'> & Partial<SdkPatchVersion>;
  const version: SdkPatchVersion = { ...data, change_note: data.change_note ?? null, review_comment: data.review_comment ?? null };
  return { version, localState: row.local_state };
}
