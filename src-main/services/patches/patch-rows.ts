import { patchAlerts, patchStateOf } from '../../../src-shared/domain/sdk-patch-rules.js';
import type { PatchRow } from '../../../src-shared/ipc/patches.js';
import type { PatchFieldStats } from '../../../src-shared/schemas/sdk-field.js';
import type { SdkPatchVersion } from '../../../src-shared/schemas/sdk.js';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import type { Identity } from '../../cache/repositories/sync-state-repo.js';
import type { CachedPatch, VersionSummary } from '../../cache/repositories/patch-registry-repo.js';

/** A short summary of a version's match: `status 401 · error_code invalid_key · message "…"`. */
export function matchSummary(match: SdkPatchVersion['match'] | undefined): string {
  if (!match) return '';
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
  versions: readonly VersionSummary[],
  stats: ReadonlyMap<string, PatchFieldStats>,
  identity: Identity | null,
): IndexedPatchRow[] {
  const byPatch = new Map<string, VersionSummary[]>();
  for (const entry of versions) {
    const list = byPatch.get(entry.patch_id);
    if (list) list.push(entry);
    else byPatch.set(entry.patch_id, [entry]);
  }
  return patches.map(({ patch, localState }) => {
    const own = byPatch.get(patch.id) ?? [];
    const pending = own.find((v) => v.status === 'pending_review') ?? null;
    const shown = own.find((v) => v.version === patch.active_version) ?? own.reduce<VersionSummary | undefined>((newest, v) => (!newest || v.version > newest.version ? v : newest), undefined);
    // The row shows the most pressing of the decisions pending on the patch and on its versions.
    const state = own.reduce((worst, v) => (LOCAL_WEIGHT[v.local_state] > LOCAL_WEIGHT[worst] ? v.local_state : worst), localState);
    const figures = stats.get(patch.id) ?? null;
    const summary = shown ? matchSummary(JSON.parse(shown.match) as SdkPatchVersion['match']) : '';
    const row: PatchRow = {
      id: patch.id,
      sdk_language: patch.sdk_language,
      error_signature: patch.error_signature,
      match_summary: summary,
      severity: patch.severity,
      state: patchStateOf({ active: patch.active, active_version: patch.active_version, deactivated_at: patch.deactivated_at, hasPendingVersion: pending !== null }),
      active_version: patch.active_version,
      pending_version: pending?.version ?? null,
      author: patch.created_by_name ?? (identity?.tokenId !== undefined && identity.tokenId === patch.created_by ? identity.name : patch.created_by),
      last_change_at: patch.updated_at,
      localState: state,
      stats: figures,
      alerts: figures ? patchAlerts(figures) : [],
    };
    return { row, haystack: `${patch.error_signature}\n${patch.description}\n${summary}`.toLowerCase() };
  });
}
