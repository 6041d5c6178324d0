import type { Plugin } from '../../src-shared/schemas/plugins.js';
import type { Queryable } from '../db/database.js';
import { conflict } from '../http/errors.js';
import { getPlugin } from '../plugins/repository.js';
import { NOW, auditAs, lockPluginAndLog, transitionLog, type SystemActor } from './healing-logs.js';

/** What a plugin reported for an `apply_patch` command (or a lease that ran out of attempts). */
export interface ApplyOutcomeInput {
  logId: string;
  success: boolean;
  /** The plugin's result; `state` (an object) and `plugin_version` (a string) in it become the plugin's. */
  result?: Record<string, unknown>;
  error?: string;
  actorName: string;
  /** For the audit log; defaults to a system actor named `actorName`. */
  actorId?: string;
  actorRole?: string;
}

function reportedState(result: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const state = result?.state;
  return typeof state === 'object' && state !== null && !Array.isArray(state) ? (state as Record<string, unknown>) : null;
}

function reportedVersion(result: Record<string, unknown> | undefined): string | null {
  const version = result?.plugin_version;
  return typeof version === 'string' && version.length > 0 && version.length <= 32 ? version : null;
}

/**
 * Settles an applying healing log. Success → `applied`, and the plugin row takes the reported
 * state (else the patched state) and plugin version. Failure → `rollback_to_snapshot()` restores
 * the plugin as it was before the patch and the log becomes `failed` with the reason.
 * A repeated report of the outcome already recorded does nothing; any other state is a 409
 * `invalid_transition` carrying the log.
 */
export async function recordApplyOutcome(db: Queryable, input: ApplyOutcomeInput): Promise<void> {
  const actor: SystemActor = {
    id: input.actorId ?? `system:${input.actorName}`,
    name: input.actorName,
    role: input.actorRole ?? 'system',
  };
  // Plugin row, then log, as apply and rollback lock them.
  const log = await lockPluginAndLog(db, input.logId);
  if ((log.status === 'applied' && input.success) || (log.status === 'failed' && !input.success)) return;
  if (log.status !== 'applying') {
    throw conflict('invalid_transition', `a ${log.status} healing log has no apply outcome to record`, log);
  }

  if (input.success) {
    const pluginBefore = await getPlugin(db, log.plugin_id, true);
    const state = reportedState(input.result) ?? log.patched_state ?? pluginBefore.state;
    const { rows } = await db.query<Plugin>(
      `UPDATE plugins SET state = $2::jsonb, plugin_version = COALESCE($3, plugin_version), updated_at = now(), version = version + 1
        WHERE id = $1 RETURNING *`,
      [log.plugin_id, JSON.stringify(state), reportedVersion(input.result)],
    );
    await auditAs(db, actor, { action: 'plugin.patch', entityType: 'plugin', entityId: log.plugin_id, before: pluginBefore, after: rows[0] });
    const applied = await transitionLog(db, log, 'applied', { applied_at: NOW, patched_state: state });
    await auditAs(db, actor, { action: 'healing_log.applied', entityType: 'healing_log', entityId: log.id, before: log, after: applied });
    return;
  }

  if (log.snapshot_id) {
    const pluginBefore = await getPlugin(db, log.plugin_id, true);
    await db.query('SELECT rollback_to_snapshot($1)', [log.snapshot_id]);
    const restored = await getPlugin(db, log.plugin_id);
    await auditAs(db, actor, { action: 'plugin.restore', entityType: 'plugin', entityId: log.plugin_id, before: pluginBefore, after: restored });
  }
  const failed = await transitionLog(db, log, 'failed', { failure_reason: input.error?.trim() || 'the plugin reported that the patch failed' });
  await auditAs(db, actor, { action: 'healing_log.failed', entityType: 'healing_log', entityId: log.id, before: log, after: failed });
}
