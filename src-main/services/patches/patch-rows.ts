import { patchAlerts, patchStateOf } from '../../../src-shared/domain/sdk-patch-rules.js';
import type { PatchRow } from '../../../src-shared/ipc/patches.js';
import type { PatchFieldStats } from '../../../src-shared/schemas/sdk-field.js';
import type { SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import type { Identity } from '../../cache/repositories/sync-state-repo.js';
import type { CachedPatch, CachedPatchVersion } from '../../cache/repositories/patch-registry-repo.js';

/** A short summary of a version's match: `status 401 · error_code invalid_key · message "…"`. */
export function matchSummary(version: Pick<SdkPatchVersion, 'match'> | undefined): string {
  if (!version) return '';
  const match = version.match;
  const parts: string[] = [];
  if (typeof match['status'] === 'number') parts.push(`status ${match['status']}`);
  if (typeof match['error_code'] === 'string') parts.push(`error_code ${match['error_code']}`);
  if (typeof match['message_pattern'] === 'string') parts.push(`message /${match['message_pattern']}/`);
  if (typeof match['sdk_version_range'] === 'string') parts.push(`sdk ${match['sdk_version_range']}`);
  return parts.join(' · ');
}

const LOCAL_WEIGHT: Readonly<Record<LocalState, number>> = { synced: 0, queued: 1, rejected: 2, conflict: 3 };

/** A registry row as the Patches screen shows it, with a lower-cased text to search in. */
export interface IndexedPatchRow {
  row: PatchRow;
  haystack: string;
}

/** Builds the screen's rows from the cached registry, its versions and field figures. */
export function buildPatchRows(
  patches: readonly CachedPatch[],
  versions: readonly CachedPatchVersion[],
  stats: ReadonlyMap<string, PatchFieldStats>,
  identity: Identity | null,
): IndexedPatchRow[] {
  const byPatch = new Map<string, CachedPatchVersion[]>();
  for (const entry of versions) {
    const list = byPatch.get(entry.version.patch_id);
    if (list) list.push(entry);
    else byPatch.set(entry.version.patch_id, [entry]);
  }
  return patches.map(({ patch, localState }) => {
    const own = byPatch.get(patch.id) ?? [];
    const pending = own.find((v) => v.version.status === 'pending_review')?.version ?? null;
    const shown = own.find((v) => v.version.version === patch.active_version) ?? own.reduce<CachedPatchVersion | undefined>((newest, v) => (!newest || v.version.version > newest.version.version ? v : newest), undefined);
    // The row shows the most pressing of the decisions pending on the patch and on its versions.
    const state = own.reduce((worst, v) => (LOCAL_WEIGHT[v.localState] > LOCAL_WEIGHT[worst] ? v.localState : worst), localState);
    const figures = stats.get(patch.id) ?? null;
    const summary = matchSummary(shown?.version);
    const row: PatchRow = {
      id: patch.id,
      sdk_language: patch.sdk_language,
      error_signature: patch.error_signature,
      match_summary: summary,
      severity: patch.severity,
      state: patchStateOf({ ...patch, hasPendingVersion: pending !== null }),
      active_version: patch.active_version,
      pending_version: pending?.version ?? null,
      author: identity?.tokenId !== undefined && identity.tokenId === patch.created_by ? identity.name : patch.created_by,
      last_change_at: patch.updated_at,
      localState: state,
      stats: figures,
      alerts: figures ? patchAlerts(figures) : [],
    };
    return { row, haystack: `${patch.error_signature}\n${patch.description}\n${summary}`.toLowerCase() };
  });
}
