import type { ApplyConflictDetails, ApplyingPatch, HealingLog } from '../../src-shared/schemas/autoheal.js';
import type { Command } from '../../src-shared/schemas/commands.js';
import type { Queryable } from '../db/database.js';
import { HttpError } from '../http/errors.js';
import { getPlugin } from '../plugins/repository.js';
import { enqueueCommand } from './commands-repo.js';
import { APPLY_PRIORITY, assertTransition, transitionLog } from './healing-logs.js';
import { applyMergePatch } from '../../src-shared/domain/merge-patch.js';

/** What a pre-patch snapshot holds (written by `create_pre_patch_snapshot()`). */
export interface SnapshotData {
  cms_version: string;
  plugin_version: string;
  php_version: string | null;
  state: Record<string, unknown>;
}

/**
 * The patch applying on a plugin, other than `exceptLogId`, or null. There is at most one (see
 * applyApprovedLog); should older data hold several, the oldest is named. Call it with the plugin's
 * row locked, or the answer may be out of date by the time it is used.
 */
export async function patchApplyingOn(db: Queryable, pluginId: string, exceptLogId: string | null = null): Promise<ApplyingPatch | null> {
  const { rows } = await db.query<ApplyingPatch>(
    `SELECT l.id AS log_id, l.status, COALESCE(s.created_at, l.updated_at) AS since, l.rule_id, r.name AS rule,
            l.detected_issue, l.auto_applied, l.version, c.id AS command_id, c.status AS command_status
       FROM plugin_auto_healing_logs l
       LEFT JOIN plugin_snapshots s ON s.id = l.snapshot_id
       LEFT JOIN auto_healing_rules r ON r.id = l.rule_id
       LEFT JOIN LATERAL (
         SELECT id, status FROM plugin_commands
          WHERE healing_log_id = l.id AND command_type = 'apply_patch'
          ORDER BY created_at DESC, id DESC LIMIT 1
       ) c ON true
      WHERE l.plugin_id = $1 AND l.status = 'applying' AND ($2::uuid IS NULL OR l.id <> $2::uuid)
      ORDER BY since, l.id
      LIMIT 1`,
    [pluginId, exceptLogId],
  );
  return rows[0] ?? null;
}

/** How a review reason or a 409 names the patch in the way. */
export function describeApplying(pluginId: string, applying: ApplyingPatch): string {
  return `patch ${applying.log_id} has been applying on plugin ${pluginId} since ${applying.since}`;
}

/**
 * Starts applying an approved (and locked) log: snapshots the plugin, computes the state the patch
 * leads to, moves the log to `applying` and queues the `apply_patch` command.
 *
 * One patch applies on a plugin at a time: the patched state and the snapshot are computed from the
 * plugin as it is now, so a second apply started before the plugin acknowledged the first would
 * write its state over the first one's change (and take a snapshot a rollback could not order).
 * While another log on the plugin is `applying`, this throws 409 `plugin_busy` naming it. The plugin
 * row is locked before that check, and callers lock it before the log (plugin row, then logs), so
 * of two concurrent applies on one plugin the second sees the first.
 */
export async function applyApprovedLog(
  db: Queryable,
  log: HealingLog,
  appliedBy: string,
): Promise<{ log: HealingLog; command: Command }> {
  assertTransition(log, 'applying');
  // The plugin row stays locked until commit so the snapshot is the state the patch is applied to.
  await getPlugin(db, log.plugin_id, true);
  const applying = await patchApplyingOn(db, log.plugin_id, log.id);
  if (applying) {
    const details: ApplyConflictDetails = { current: log, applying };
    throw new HttpError(
      409,
      'plugin_busy',
      `${describeApplying(log.plugin_id, applying)}; apply this one once the plugin has acknowledged it`,
      { details },
    );
  }
  const created = await db.query<{ id: string }>('SELECT create_pre_patch_snapshot($1, $2) AS id', [log.plugin_id, log.id]);
  const snapshotId = created.rows[0]!.id;
  const snapshot = await db.query<{ snapshot_data: SnapshotData }>('SELECT snapshot_data FROM plugin_snapshots WHERE id = $1', [
    snapshotId,
  ]);
  const data = snapshot.rows[0]!.snapshot_data;
  const changes = log.proposed_patch.state_changes;
  const patchedState = changes ? applyMergePatch(data.state, changes) : data.state;
  const started = await transitionLog(db, log, 'applying', {
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
  return { log: started, command };
}
