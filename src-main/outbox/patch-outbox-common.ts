import type { Repositories } from '../cache/repositories/index.js';
import { SdkPatchSchema, SdkPatchVersionSchema, type SdkPatchChange } from '../../src-shared/schemas/sdk.js';

/** Caches what a patch mutation answered: the registry row and the version it touched. */
export function cachePatchChange(repos: Repositories, change: SdkPatchChange): void {
  repos.entities.sdk_patch.upsert(change.patch);
  repos.entities.sdk_patch_version.upsert(change.version);
}

/** The version of the patch a 409 carried: the patch's own, or the patch's cached one when it carried a version row. */
export function patchVersionIn(repos: Repositories, theirs: Record<string, unknown> | null): number | undefined {
  const patch = SdkPatchSchema.safeParse(theirs);
  if (patch.success) return patch.data.version;
  const version = SdkPatchVersionSchema.safeParse(theirs);
  return version.success ? repos.patches.patch(version.data.patch_id)?.patch.version : undefined;
}

/** Caches the server's row a 409 carried, when it is a patch or a version. */
export function cacheTheirs(repos: Repositories, theirs: Record<string, unknown> | null): void {
  const patch = SdkPatchSchema.safeParse(theirs);
  if (patch.success) repos.entities.sdk_patch.upsert(patch.data, JSON.stringify(theirs));
  const version = SdkPatchVersionSchema.safeParse(theirs);
  if (version.success) repos.entities.sdk_patch_version.upsert(version.data, JSON.stringify(theirs));
}
