import { mergeStateChanges } from '../../../src-shared/domain/merge-patch.js';
import type { HealingLog, Snapshot } from '../../../src-shared/schemas/autoheal.js';
import type { StatePreview } from '../../../src-shared/schemas/preview.js';

type Json = Record<string, unknown>;

/** Where the "after" side of the diff comes from (`preview`: the backend, with the code that applies the patch). */
export type PatchedSource = 'patched_state' | 'proposed_changes' | 'preview';

/** Where the "before" side comes from (the screen words it), and when it was recorded (null: unknown). */
export interface DiffBase {
  kind: 'snapshot' | 'reported_state';
  recordedAt: string | null;
}

/** The two documents the diff view compares, or why there is nothing to compare. */
export type DiffInput =
  | {
      kind: 'diff';
      before: string;
      after: string;
      source: PatchedSource;
      base: DiffBase;
      changedKeys: string[];
      /** Why nothing changes, when the source knows. */
      unchangedReason?: string | null;
    }
  | { kind: 'none'; reason: 'no_snapshot' | 'no_state_changes' };

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** JSON merge patch (RFC 7396), the format of `proposed_patch.state_changes`: the one the server applies. */
export const mergePatch = mergeStateChanges;

/** Keys in sorted order at every depth, so the same state always prints the same lines. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : isObject(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v;
  return JSON.stringify(sort(value), null, 2);
}

function changedTopLevelKeys(before: Json, after: Json): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => stableJson(before[k]) !== stableJson(after[k])).sort();
}

/**
 * The pre-patch snapshot's state against the patched state: the server's `patched_state` once the
 * patch was applied, else the snapshot state with `proposed_patch.state_changes` merged in.
 */
export function buildDiffInput(log: Pick<HealingLog, 'patched_state' | 'proposed_patch' | 'snapshot_id'>, snapshots: Snapshot[]): DiffInput {
  const snapshot = snapshots.find((s) => s.id === log.snapshot_id) ?? snapshots[0];
  if (!snapshot) {
    return { kind: 'none', reason: 'no_snapshot' };
  }
  const before = snapshot.snapshot_data.state;
  let after: Json;
  let source: PatchedSource;
  if (log.patched_state) {
    after = log.patched_state;
    source = 'patched_state';
  } else if (log.proposed_patch.state_changes) {
    after = mergePatch(before, log.proposed_patch.state_changes);
    source = 'proposed_changes';
  } else {
    return { kind: 'none', reason: 'no_state_changes' };
  }
  return {
    kind: 'diff',
    before: stableJson(before),
    after: stableJson(after),
    source,
    base: { kind: 'snapshot', recordedAt: snapshot.created_at },
    changedKeys: changedTopLevelKeys(before, after),
  };
}

/** The backend's state preview: the plugin's reported state (or the pre-patch snapshot) against the state after the patch. */
export function previewDiffInput(preview: StatePreview): DiffInput {
  return {
    kind: 'diff',
    before: stableJson(preview.before),
    after: stableJson(preview.after),
    source: 'preview',
    base: { kind: preview.base === 'reported_state' ? 'reported_state' : 'snapshot', recordedAt: preview.base_at },
    changedKeys: preview.changed_keys,
    unchangedReason: preview.unchanged_reason,
  };
}
