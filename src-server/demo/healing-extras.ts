import type { CommandType } from '../../src-shared/schemas/commands.js';
import type { Severity } from '../../src-shared/schemas/common.js';
import type { DemoActors, DemoHealingLog } from './healing-data.js';
import { LEASE_FAILURE } from './healing-data.js';
import type { DemoPlugin } from './plugins-data.js';
import type { Random } from './random.js';
import { DEMO_MERCHANT_ID } from './tokens.js';

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const APPLY_PRIORITY: Record<Severity, number> = { critical: 10, high: 8, medium: 5, low: 3 };
const ROLLBACK_PRIORITY = 9;

/** A command row; `payload` gets the log's snapshot id (and data, for rollbacks) in SQL. */
export interface DemoCommand {
  id: string;
  plugin_id: string;
  healing_log_id: string | null;
  command_type: CommandType;
  payload: Record<string, unknown>;
  priority: number;
  status: 'pending' | 'leased' | 'succeeded' | 'failed' | 'expired';
  attempts: number;
  max_attempts: number;
  lease_expires_at: string | null;
  result: Record<string, unknown> | null;
  error: string | null;
  created_at: string;
  acked_at: string | null;
  updated_at: string;
}

/** The commands that carried out the logs' applies and rollbacks, plus staff commands. */
export function generateCommands(rng: Random, logs: DemoHealingLog[], plugins: DemoPlugin[], now: number): DemoCommand[] {
  const commands: DemoCommand[] = [];
  const add = (command: Omit<DemoCommand, 'id' | 'max_attempts' | 'updated_at'> & { max_attempts?: number }) =>
    commands.push({ max_attempts: 5, ...command, id: rng.uuid(), updated_at: command.acked_at ?? command.created_at });

  for (const log of logs) {
    if (!log.apply_started_at) continue;
    const started = Date.parse(log.apply_started_at);
    const apply = {
      plugin_id: log.plugin_id,
      healing_log_id: log.id,
      command_type: 'apply_patch' as const,
      payload: { healing_log_id: log.id, patch: log.proposed_patch },
      priority: APPLY_PRIORITY[log.issue_severity],
      created_at: log.apply_started_at,
    };
    if (log.status === 'applying') {
      const leased = rng.chance(0.35);
      add({
        ...apply,
        status: leased ? 'leased' : 'pending',
        attempts: leased ? 1 : 0,
        lease_expires_at: leased ? iso(now + rng.int(20, 55) * 1000) : null,
        result: null,
        error: null,
        acked_at: null,
      });
    } else if (log.status === 'failed') {
      add({
        ...apply,
        status: log.failed_by_lease ? 'expired' : 'failed',
        attempts: log.failed_by_lease ? 5 : 1,
        lease_expires_at: null,
        result: log.failed_by_lease ? null : { applied: false },
        error: log.failed_by_lease ? LEASE_FAILURE : log.failure_reason!.replace(/^plugin reported: /, ''),
        acked_at: log.failed_by_lease ? null : log.restored_at,
      });
    } else {
      add({
        ...apply,
        status: 'succeeded',
        attempts: 1,
        lease_expires_at: null,
        result: { applied: true, duration_ms: rng.int(80, 4000), state: log.patched_state },
        error: null,
        acked_at: log.applied_at ?? iso(started + 60_000),
      });
    }
    if (log.status === 'rolled_back') {
      const rolledBack = Date.parse(log.rolled_back_at!);
      add({
        plugin_id: log.plugin_id,
        healing_log_id: log.id,
        command_type: 'rollback',
        payload: { healing_log_id: log.id, reason: rng.pick([null, 'checkout errors after the patch', 'merchant asked to revert']) },
        priority: ROLLBACK_PRIORITY,
        status: 'succeeded',
        attempts: 1,
        lease_expires_at: null,
        result: { restored: true },
        error: null,
        created_at: log.rolled_back_at!,
        acked_at: iso(rolledBack + rng.int(30, 600) * 1000),
      });
    }
  }

  // Staff commands outside the healing flow; demo-merchant-1 has a few waiting for its next poll.
  const staffCommand = (plugin: DemoPlugin, status: DemoCommand['status'], createdAt: number) => {
    const type = rng.weighted({ force_update: 40, enable_debug: 35, restart: 25 }) as CommandType;
    const payload =
      type === 'force_update'
        ? { target_version: '3.1.0' }
        : type === 'enable_debug'
          ? { duration_minutes: rng.pick([15, 30, 60]) }
          : { reason: rng.pick(['clear opcode cache', 'reload configuration', 'stuck cron worker']) };
    const settled = createdAt + rng.int(1, 30) * MINUTE;
    add({
      plugin_id: plugin.id,
      healing_log_id: null,
      command_type: type,
      payload,
      priority: type === 'force_update' ? 6 : 5,
      status,
      attempts: status === 'pending' ? 0 : status === 'expired' ? 5 : 1,
      lease_expires_at: null,
      result: status === 'succeeded' ? { ok: true } : null,
      error: status === 'failed' ? 'plugin reported: update server unreachable' : status === 'expired' ? 'lease expired 5 times' : null,
      created_at: iso(createdAt),
      acked_at: status === 'succeeded' || status === 'failed' ? iso(Math.min(now - 1000, settled)) : null,
    });
  };
  for (let i = 0; i < 40; i++) {
    const status = rng.weighted({ succeeded: 70, failed: 10, expired: 8, pending: 12 }) as DemoCommand['status'];
    const age = status === 'pending' ? rng.int(1, 120) * MINUTE : rng.int(60, 30 * 24 * 60) * MINUTE;
    staffCommand(rng.pick(plugins), status, now - age);
  }
  for (const plugin of rng.sample(plugins.filter((p) => p.merchant_id === DEMO_MERCHANT_ID), 3)) {
    staffCommand(plugin, 'pending', now - rng.int(1, 30) * MINUTE);
  }
  return commands.sort((a, b) => a.created_at.localeCompare(b.created_at));
}

/** An auto-apply pause row, keyed by rule name (resolved to its id in SQL). */
export interface DemoPause {
  id: string;
  rule_name: string;
  plugin_id: string;
  healing_log_id: string;
  paused_by: string;
  paused_at: string;
  reason: string;
  resumed_by: string | null;
  resumed_at: string | null;
}

/** Rolling back an auto-applied rule's patch paused that rule on that plugin; some were resumed since. */
export function generatePauses(rng: Random, logs: DemoHealingLog[], actors: DemoActors, now: number): DemoPause[] {
  const active = new Set<string>();
  const pauses: DemoPause[] = [];
  for (const log of logs) {
    if (log.status !== 'rolled_back' || !log.auto_applied || !log.rule_name) continue;
    const key = `${log.rule_name}\n${log.plugin_id}`;
    const resume = active.has(key) || rng.chance(0.4);
    if (!resume) active.add(key);
    const pausedAt = Date.parse(log.rolled_back_at!);
    pauses.push({
      id: rng.uuid(),
      rule_name: log.rule_name,
      plugin_id: log.plugin_id,
      healing_log_id: log.id,
      paused_by: actors.ops.name,
      paused_at: log.rolled_back_at!,
      reason: `auto-applied patch rolled back by ${actors.ops.name}`,
      resumed_by: resume ? actors.ops.name : null,
      resumed_at: resume ? iso(Math.min(now - 1000, pausedAt + rng.int(30, 3 * 24 * 60) * MINUTE)) : null,
    });
  }
  return pauses;
}

/** An audit row for a demo decision. */
export interface DemoAudit {
  actor_id: string;
  actor_name: string;
  actor_role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
  at: string;
}

/** The audit trail of the logs' human and automated decisions (status and version before and after). */
export function generateAudit(logs: DemoHealingLog[], actors: DemoActors): DemoAudit[] {
  const rows: DemoAudit[] = [];
  const system = (name: string) => ({ actor_id: `system:${name}`, actor_name: name, actor_role: 'system' });
  for (const log of logs) {
    const proposer =
      log.created_by === actors.sira.name
        ? { actor_id: actors.sira.tokenId, actor_name: actors.sira.name, actor_role: 'sira' }
        : system(log.created_by);
    const entry = (who: Pick<DemoAudit, 'actor_id' | 'actor_name' | 'actor_role'>, action: string, status: string, at: string) =>
      rows.push({ ...who, action, entity_type: 'healing_log', entity_id: log.id, before: null, after: { status }, at });
    entry(proposer, 'healing_log.propose', 'proposed', log.created_at);
    for (const approval of log.approvals) {
      entry({ actor_id: approval.token_id, actor_name: approval.by, actor_role: 'reviewer' }, 'healing_log.approve', 'approved', approval.at);
    }
    if (log.rejection_reason) {
      entry({ actor_id: actors.reviewer.tokenId, actor_name: actors.reviewer.name, actor_role: 'reviewer' }, 'healing_log.reject', 'rejected', log.updated_at);
    }
    if (log.apply_started_at) {
      const who = log.auto_applied ? proposer : { actor_id: actors.ops.tokenId, actor_name: actors.ops.name, actor_role: 'ops' };
      entry(who, 'healing_log.apply', 'applying', log.apply_started_at);
    }
    if (log.rolled_back_at) {
      entry({ actor_id: actors.ops.tokenId, actor_name: actors.ops.name, actor_role: 'ops' }, 'healing_log.rollback', 'rolled_back', log.rolled_back_at);
    }
  }
  return rows;
}
