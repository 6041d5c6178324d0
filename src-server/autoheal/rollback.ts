import type { z } from 'zod';
import { autoApplyPauseOf } from '../../src-shared/domain/rollback-effects.js';
import type {
  BlockingPatch,
  HealingLog,
  RollbackBody,
  RollbackConflictCode,
  RollbackConflictDetails,
  RollbackPlan,
  TransitionResponseSchema,
} from '../../src-shared/schemas/autoheal.js';
import type { Queryable } from '../db/database.js';
import type { Principal } from '../http/auth.js';
import { HttpError, notFound } from '../http/errors.js';
import type { AuditEntry } from '../http/route.js';
import { getPlugin } from '../plugins/repository.js';
import type { SnapshotData } from './apply.js';
import { enqueueCommand } from './commands-repo.js';
import { NOW, ROLLBACK_PRIORITY, assertTransition, assertVersion, lockLog, lockPluginAndLog, transitionLog } from './healing-logs.js';
import { findActivePause, pauseAutoApply } from './pauses.js';

type TransitionResponse = z.input<typeof TransitionResponseSchema>;

/** What a rollback needs from the route: who asks, what they saw (`If-Match`), and the audit writer. */
export interface RollbackRequest {
  logId: string;
  body: RollbackBody;
  principal: Principal;
  ifMatch: number | undefined;
  audit(entry: AuditEntry): Promise<void>;
}

/**
 * The patches on a plugin that stand in the way of rolling back `log`, newest first: those applied
 * after it (their snapshot was taken after its one, so restoring its snapshot would undo them), and
 * any still applying (their outcome would land on top of the restored state).
 */
async function blockingPatches(db: Queryable, log: HealingLog): Promise<Array<BlockingPatch & { seq: number }>> {
  const { rows } = await db.query<BlockingPatch & { seq: number }>(
    `SELECT l.id AS log_id, l.rule_id, r.name AS rule, l.detected_issue, l.status, l.applied_at, l.auto_applied, l.version, s.seq
       FROM plugin_auto_healing_logs l
       JOIN plugin_snapshots s ON s.id = l.snapshot_id
       LEFT JOIN auto_healing_rules r ON r.id = l.rule_id
      WHERE l.plugin_id = $1 AND l.id <> $2
        AND (l.status = 'applying'
             OR (l.status = 'applied' AND s.seq > (SELECT seq FROM plugin_snapshots WHERE id = $3)))
      ORDER BY s.seq DESC, l.id DESC`,
    [log.plugin_id, log.id, log.snapshot_id],
  );
  return rows;
}

function refuse(code: RollbackConflictCode, message: string, log: HealingLog, newer: BlockingPatch[]): HttpError {
  const details: RollbackConflictDetails = { current: log, newer };
  return new HttpError(409, code, message, { details });
}

/**
 * Restores one applied log's snapshot, marks the log rolled back and queues the `rollback` command
 * that tells the plugin. Commands queued in one transaction keep their order (see enqueueCommand),
 * so a cascade's commands reach the plugin newest first, as the server restored them.
 */
async function rollBackOne(
  db: Queryable,
  request: RollbackRequest,
  log: HealingLog,
  marker: { reason: string | null; cascadeOf: string | null; cascaded?: string[] },
): Promise<{ log: HealingLog; commandId: string }> {
  const pluginBefore = await getPlugin(db, log.plugin_id);
  // An applied log always has its snapshot: apply creates it before the log can leave `approved`.
  const snapshotId = log.snapshot_id!;
  const restored = await db.query<{ data: SnapshotData }>('SELECT rollback_to_snapshot($1) AS data', [snapshotId]);
  const rolledBack = await transitionLog(db, log, 'rolled_back', {
    rolled_back_by: request.principal.name,
    rolled_back_at: NOW,
    rollback_reason: marker.reason,
    rollback_cascade_of: marker.cascadeOf,
  });
  const command = await enqueueCommand(db, {
    pluginId: log.plugin_id,
    healingLogId: log.id,
    type: 'rollback',
    payload: {
      healing_log_id: log.id,
      snapshot_id: snapshotId,
      snapshot: restored.rows[0]!.data,
      reason: marker.reason,
      ...(marker.cascadeOf ? { cascade_of: marker.cascadeOf } : {}),
    },
    priority: ROLLBACK_PRIORITY,
  });
  await request.audit({
    action: 'plugin.restore',
    entityType: 'plugin',
    entityId: log.plugin_id,
    before: pluginBefore,
    after: await getPlugin(db, log.plugin_id),
  });
  await request.audit({
    action: 'healing_log.rollback',
    entityType: 'healing_log',
    entityId: log.id,
    before: log,
    after: { ...rolledBack, command_id: command.id, ...(marker.cascaded ? { cascaded: marker.cascaded } : {}) },
  });
  return { log: rolledBack, commandId: command.id };
}

/**
 * Rolls an applied log back to its snapshot. Refused with a 409 that lists the patches in the way
 * when newer patches were applied on the plugin (`newer_patches_applied`, unless `cascade`) or a patch
 * on it is still applying (`patch_applying`, cascade or not). With `cascade`, the newer applied logs
 * are rolled back first, newest first, each audited and marked with the log whose rollback took it
 * along; only the requested log's rule gets the auto-apply pause (the others were not judged bad).
 *
 * Locks the plugin before any of its logs, so two rollbacks on one plugin run one after the other
 * and each sees the other's outcome.
 */
export async function rollbackLog(db: Queryable, request: RollbackRequest): Promise<TransitionResponse> {
  const before = await lockPluginAndLog(db, request.logId);
  assertVersion(before, request.ifMatch);
  assertTransition(before, 'rolled_back');

  const blocking = await blockingPatches(db, before);
  const listed = blocking.map(({ seq: _seq, ...patch }) => patch);
  const applying = listed.filter((patch) => patch.status === 'applying');
  if (applying.length > 0) {
    throw refuse(
      'patch_applying',
      `${applying.length} patch(es) on plugin ${before.plugin_id} are still applying (${applying.map((p) => p.log_id).join(', ')}); roll back once their outcome is in`,
      before,
      listed,
    );
  }
  if (listed.length > 0 && request.body.cascade !== true) {
    throw refuse(
      'newer_patches_applied',
      `rolling back would undo ${listed.length} patch(es) applied on plugin ${before.plugin_id} after this one; send cascade: true to roll them back first`,
      before,
      listed,
    );
  }
  const expected = request.body.expected_newer;
  const unexpected = expected ? listed.filter((patch) => !expected.includes(patch.log_id)) : [];
  if (unexpected.length > 0) {
    throw refuse(
      'newer_patches_applied',
      `patches were applied on plugin ${before.plugin_id} since the caller looked (${unexpected.map((p) => p.log_id).join(', ')}); nothing was rolled back`,
      before,
      listed,
    );
  }

  const cascaded: Array<{ log: HealingLog; command_id: string }> = [];
  const reason = request.body.reason ?? null;
  for (const patch of listed) {
    // Newest first: each restores the state the next older one had left, ending at this log's snapshot.
    const newer = await lockLog(db, patch.log_id);
    const marker = { reason: `rolled back by cascade of ${before.id}${reason ? `: ${reason}` : ''}`, cascadeOf: before.id };
    const done = await rollBackOne(db, request, newer, marker);
    cascaded.push({ log: done.log, command_id: done.commandId });
  }
  const { log, commandId } = await rollBackOne(db, request, before, {
    reason,
    cascadeOf: null,
    ...(cascaded.length > 0 ? { cascaded: cascaded.map((c) => c.log.id) } : {}),
  });

  let pause = null;
  const pauseTarget = autoApplyPauseOf(log);
  if (pauseTarget) {
    pause = await pauseAutoApply(db, {
      ...pauseTarget,
      healingLogId: log.id,
      pausedBy: request.principal.name,
      reason: `auto-applied patch rolled back by ${request.principal.name}${reason ? `: ${reason}` : ''}`,
    });
    if (pause) await request.audit({ action: 'auto_apply_pause.create', entityType: 'auto_apply_pause', entityId: pause.id, before: null, after: pause });
    pause ??= await findActivePause(db, pauseTarget.ruleId, pauseTarget.pluginId);
  }
  return { log, command_id: commandId, approvals_remaining: 0, pause, ...(request.body.cascade ? { cascaded } : {}) };
}

/**
 * What rolling back `logId` would do now, without changing anything: the newer patches in its way
 * (as the rollback would list them) and the auto-apply pause it would write. 409 when the log cannot
 * be rolled back (not applied), like the rollback itself.
 */
export async function rollbackPlan(db: Queryable, logId: string): Promise<RollbackPlan> {
  const { rows } = await db.query<HealingLog>('SELECT * FROM plugin_auto_healing_logs WHERE id = $1', [logId]);
  const log = rows[0];
  if (!log) throw notFound('healing log', logId);
  assertTransition(log, 'rolled_back');
  const newer = (await blockingPatches(db, log)).map(({ seq: _seq, ...patch }) => patch);
  const target = autoApplyPauseOf(log);
  if (!target) return { log, pause: null, newer };
  const rule = await db.query<{ name: string }>('SELECT name FROM auto_healing_rules WHERE id = $1', [target.ruleId]);
  const active = await findActivePause(db, target.ruleId, target.pluginId);
  return {
    log,
    pause: { rule_id: target.ruleId, rule: rule.rows[0]?.name ?? null, plugin_id: target.pluginId, already_paused: active !== null },
    newer,
  };
}
