import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import type { Command } from '../../src-shared/schemas/commands.js';
import type { Queryable } from '../db/database.js';
import { getPlugin } from '../plugins/repository.js';
import { enqueueCommand } from './commands-repo.js';
import { APPLY_PRIORITY, assertTransition, transitionLog } from './healing-logs.js';
import { applyMergePatch } from './merge-patch.js';

/** What a pre-patch snapshot holds (written by `create_pre_patch_snapshot()`). */
export interface SnapshotData {
  cms_version: string;
  plugin_version: string;
  php_version: string | null;
  state: Record<string, unknown>;
}

/**
 * Starts applying an approved (and locked) log: snapshots the plugin, computes the state the patch
 * leads to, moves the log to `applying` and queues the `apply_patch` command.
 */
export async function applyApprovedLog(
  db: Queryable,
  log: HealingLog,
  appliedBy: string,
): Promise<{ log: HealingLog; command: Command }> {
  assertTransition(log, 'applying');
  // The plugin row stays locked until commit so the snapshot is the state the patch is applied to.
  await getPlugin(db, log.plugin_id, true);
  const created = await db.query<{ id: string }>('SELECT create_pre_patch_snapshot($1, $2) AS id', [log.plugin_id, log.id]);
  const snapshotId = created.rows[0]!.id;
  const snapshot = await db.query<{ snapshot_data: SnapshotData }>('SELECT snapshot_data FROM plugin_snapshots WHERE id = $1', [
    snapshotId,
  ]);
  const data = snapshot.rows[0]!.snapshot_data;
  const changes = log.proposed_patch.state_changes;
  const patchedState = changes ? applyMergePatch(data.state, changes) : data.state;
  const applying = await transitionLog(db, log, 'applying', {
    snapshot_id: snapshotId,
    patched_state: patchedState,
    applied_by: appliedBy,
  });
  const command = await enqueueCommand(db, {
    pluginId: log.plugin_id,
    healingLogId: log.id,
    type: 'apply_patch',
    payload: { healing_log_id: log.id, patch: log.proposed_patch, snapshot_id: snapshotId },
    priority: APPLY_PRIORITY[log.issue_severity],
  });
  return { log: applying, command };
}
