import { canTransition, type HealingStatus } from '../../src-shared/domain/healing-state.js';
import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import type { Severity } from '../../src-shared/schemas/common.js';
import type { Queryable } from '../db/database.js';
import { conflict, notFound } from '../http/errors.js';
import { writeAuditRow, type AuditEntry } from '../http/route.js';

/** Loads a healing log and locks it for the rest of the transaction, or throws 404. */
export async function lockLog(db: Queryable, id: string): Promise<HealingLog> {
  const { rows } = await db.query<HealingLog>('SELECT * FROM plugin_auto_healing_logs WHERE id = $1 FOR UPDATE', [id]);
  if (!rows[0]) throw notFound('healing log', id);
  return rows[0];
}

/**
 * Locks the plugin a healing log belongs to, then the log, and returns the log (404 when there is
 * none). Every path that changes a plugin through its logs (apply, rollback, an apply's outcome)
 * locks in this order, plugin row then logs, so two of them on one plugin run one after the other
 * and each sees what the other did.
 */
export async function lockPluginAndLog(db: Queryable, id: string): Promise<HealingLog> {
  const { rows } = await db.query<{ plugin_id: string }>('SELECT plugin_id FROM plugin_auto_healing_logs WHERE id = $1', [id]);
  if (!rows[0]) throw notFound('healing log', id);
  // A log's plugin never changes, so reading it before the lock is safe.
  await db.query('SELECT id FROM plugins WHERE id = $1 FOR UPDATE', [rows[0].plugin_id]);
  return lockLog(db, id);
}

/** Throws 409 stale_version (with the current row) when the caller decided on another version. */
export function assertVersion(log: HealingLog, ifMatch: number | undefined): void {
  if (ifMatch !== undefined && ifMatch !== log.version) {
    throw conflict('stale_version', `healing log is at version ${log.version}, not ${ifMatch}`, log);
  }
}

/** Throws 409 invalid_transition (with the current row) unless the state machine allows the move. */
export function assertTransition(log: HealingLog, to: HealingStatus): void {
  if (!canTransition(log.status, to)) {
    throw conflict('invalid_transition', `a ${log.status} healing log cannot become ${to}`, log);
  }
}

/** Marks a column to be set to the transaction's `now()`. */
export const NOW = Symbol('now');

/**
 * Moves a log to `to` (409 when the state machine forbids it), sets the extra columns given and
 * bumps its version. Column names come from this module's callers, never from input; objects and
 * arrays are stored as jsonb.
 */
export async function transitionLog(
  db: Queryable,
  log: HealingLog,
  to: HealingStatus,
  set: Record<string, unknown> = {},
): Promise<HealingLog> {
  assertTransition(log, to);
  const params: unknown[] = [log.id, to];
  const assignments = ['status = $2', 'version = version + 1', 'updated_at = now()'];
  for (const [column, value] of Object.entries(set)) {
    if (value === NOW) {
      assignments.push(`${column} = now()`);
    } else if (value !== null && typeof value === 'object') {
      params.push(JSON.stringify(value));
      assignments.push(`${column} = $${params.length}::jsonb`);
    } else {
      params.push(value ?? null);
      assignments.push(`${column} = $${params.length}`);
    }
  }
  const { rows } = await db.query<HealingLog>(
    `UPDATE plugin_auto_healing_logs SET ${assignments.join(', ')} WHERE id = $1 RETURNING *`,
    params,
  );
  return rows[0]!;
}

/** Command priority of an apply, by the severity. */
export const APPLY_PRIORITY: Readonly<Record<Severity, number>> = { critical: 10, high: 8, medium: 5, low: 3 };
/** Rollbacks jump ahead of every apply but a critical one. */
export const ROLLBACK_PRIORITY = 9;

/** Someone acting outside an HTTP request (the rules engine, a plugin's ack): recorded in the audit log. */
export interface SystemActor {
  id: string;
  name: string;
  role: string;
}

/** Writes an audit row for work done outside a route's own audit helper. */
export function auditAs(db: Queryable, actor: SystemActor, entry: AuditEntry): Promise<void> {
  return writeAuditRow(db, actor, entry);
}
