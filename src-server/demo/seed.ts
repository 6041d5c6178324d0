import { redactExcerpt } from '../autoheal/secret-redaction.js';
import type { Database, Queryable } from '../db/database.js';
import { hashToken } from '../http/auth.js';
import { generateHealingLogs, type DemoActors, type DemoHealingLog } from './healing-data.js';
import { generateAudit, generateCommands, generatePauses } from './healing-extras.js';
import { generatePlugins } from './plugins-data.js';
import { Random } from './random.js';
import { seedInteropEvents } from './seed-interop.js';
import { seedSdk } from './seed-sdk.js';
import { insertRows } from './seed-sql.js';
import { DEMO_MERCHANT_ID, DEMO_TOKENS, type DemoTokenKey } from './tokens.js';

/** Serialises demo seeding between server processes sharing one PostgreSQL. */
const SEED_LOCK = 814_003;
export const DEFAULT_DEMO_SEED = 20_251_118;

/** What a call to `seedDemoData` did. */
export interface SeedSummary {
  /** False when the demo data was already there (nothing was written). */
  created: boolean;
  plugins: number;
  healingLogs: number;
  interopEvents: number;
  sdkApplications: number;
  ms: number;
}

async function demoActors(db: Queryable): Promise<DemoActors> {
  const { rows } = await db.query<{ id: string; token_hash: string }>(
    'SELECT id, token_hash FROM api_tokens WHERE token_hash = ANY($1::text[])',
    [DEMO_TOKENS.map((t) => hashToken(t.token))],
  );
  const actor = (key: DemoTokenKey) => {
    const token = DEMO_TOKENS.find((t) => t.key === key)!;
    const row = rows.find((r) => r.token_hash === hashToken(token.token));
    // Without the demo tokens (seeding a bare database), decisions are still attributed by name.
    return { name: token.name, tokenId: row?.id ?? `demo:${key}` };
  };
  return { sira: actor('sira'), reviewer: actor('reviewer'), reviewer2: actor('reviewer2'), ops: actor('ops') };
}

const LOG_COLUMNS = [
  'id', 'plugin_id', 'rule_id', 'detected_issue', 'issue_severity', 'patch_type', 'proposed_patch', 'sira_decision',
  'sira_confidence', 'status', 'auto_applied', 'required_approvals', 'approvals', 'rejection_reason', 'patched_state',
  'failure_reason', 'superseded_by', 'created_by', 'applied_by', 'applied_at', 'rolled_back_by', 'rolled_back_at',
  'created_at', 'updated_at', 'version',
];

// Snapshots are taken by the same SQL function the apply path calls, from each plugin's base state.
const TAKE_SNAPSHOTS = `
UPDATE plugin_auto_healing_logs SET snapshot_id = create_pre_patch_snapshot(plugin_id, id) WHERE id = ANY($1::uuid[])`;
const DATE_SNAPSHOTS = `
UPDATE plugin_snapshots s SET created_at = x.snapshot_at, restored_at = x.restored_at,
       version = CASE WHEN x.restored_at IS NULL THEN 1 ELSE 2 END
  FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, snapshot_at timestamptz, restored_at timestamptz)
 WHERE s.healing_log_id = x.id`;
// An applied patch left the plugin in its patched state.
const APPLY_PATCHED_STATES = `
UPDATE plugins p SET state = x.patched_state, updated_at = x.applied_at, version = p.version + 1
  FROM jsonb_to_recordset($1::jsonb) AS x(plugin_id text, patched_state jsonb, applied_at timestamptz)
 WHERE p.id = x.plugin_id`;
// Command payloads name the snapshot (and rollbacks carry its data), as the live path writes them.
const INSERT_COMMANDS = `
INSERT INTO plugin_commands
  (id, plugin_id, healing_log_id, command_type, payload, priority, status, attempts, max_attempts, lease_expires_at,
   result, error, created_at, acked_at, updated_at)
SELECT c.id, c.plugin_id, c.healing_log_id, c.command_type,
       CASE WHEN l.snapshot_id IS NULL THEN c.payload
            WHEN c.command_type = 'rollback' THEN c.payload || jsonb_build_object('snapshot_id', l.snapshot_id, 'snapshot', s.snapshot_data)
            ELSE c.payload || jsonb_build_object('snapshot_id', l.snapshot_id) END,
       c.priority, c.status, c.attempts, c.max_attempts, c.lease_expires_at, c.result, c.error, c.created_at, c.acked_at, c.updated_at
  FROM jsonb_populate_recordset(NULL::plugin_commands, $1::jsonb) c
  LEFT JOIN plugin_auto_healing_logs l ON l.id = c.healing_log_id
  LEFT JOIN plugin_snapshots s ON s.id = l.snapshot_id`;
// The excerpt each code error carried, as the intake path stores it (redacted; see code-excerpts.ts).
const INSERT_EXCERPTS = `
INSERT INTO healing_log_excerpts (healing_log_id, excerpt, source, created_at)
SELECT x.id, x.excerpt, 'interop:demo', x.created_at
  FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, excerpt jsonb, created_at timestamptz)`;
const INSERT_PAUSES = `
INSERT INTO auto_apply_pauses (id, rule_id, plugin_id, healing_log_id, paused_by, paused_at, reason, resumed_by, resumed_at, version)
SELECT x.id, r.id, x.plugin_id, x.healing_log_id, x.paused_by, x.paused_at, x.reason, x.resumed_by, x.resumed_at,
       CASE WHEN x.resumed_at IS NULL THEN 1 ELSE 2 END
  FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, rule_name text, plugin_id text, healing_log_id uuid, paused_by text,
                                          paused_at timestamptz, reason text, resumed_by text, resumed_at timestamptz)
  JOIN auto_healing_rules r ON r.name = x.rule_name`;

async function seedHealing(db: Queryable, rng: Random, plugins: ReturnType<typeof generatePlugins>, now: number): Promise<DemoHealingLog[]> {
  const actors = await demoActors(db);
  const { rows: rules } = await db.query<{ id: string; name: string }>('SELECT id, name FROM auto_healing_rules');
  const ruleIds = new Map(rules.map((r) => [r.name, r.id]));
  const logs = generateHealingLogs(rng, plugins, actors, now);
  const logRows = logs.map((l) => ({ ...l, rule_id: l.rule_name ? (ruleIds.get(l.rule_name) ?? null) : null }));
  await insertRows(db, 'plugin_auto_healing_logs', LOG_COLUMNS, logRows);
  const excerpts = logs.flatMap((l) => (l.excerpt ? [{ id: l.id, excerpt: redactExcerpt(l.excerpt), created_at: l.created_at }] : []));
  await db.query(INSERT_EXCERPTS, [JSON.stringify(excerpts)]);

  const snapshotted = logs.filter((l) => l.snapshot_at !== null);
  await db.query(TAKE_SNAPSHOTS, [snapshotted.map((l) => l.id)]);
  const snapshotTimes = snapshotted.map((l) => ({ id: l.id, snapshot_at: l.snapshot_at, restored_at: l.restored_at }));
  await db.query(DATE_SNAPSHOTS, [JSON.stringify(snapshotTimes)]);
  const applied = logs.filter((l) => l.status === 'applied' && l.proposed_patch.state_changes);
  const patchedStates = applied.map((l) => ({ plugin_id: l.plugin_id, patched_state: l.patched_state, applied_at: l.applied_at }));
  await db.query(APPLY_PATCHED_STATES, [JSON.stringify(patchedStates)]);

  await db.query(INSERT_COMMANDS, [JSON.stringify(generateCommands(rng, logs, plugins, now))]);
  await db.query(INSERT_PAUSES, [JSON.stringify(generatePauses(rng, logs, actors, now))]);
  const audit = generateAudit(logs, actors);
  await insertRows(db, 'audit_log', Object.keys(audit[0]!), audit);
  return logs;
}

/** True when this database already holds the demo data. */
export async function hasDemoData(db: Queryable): Promise<boolean> {
  const { rows } = await db.query('SELECT 1 FROM plugins WHERE merchant_id = $1 LIMIT 1', [DEMO_MERCHANT_ID]);
  return rows.length > 0;
}

/**
 * Fills the database with the demo data once: ≈200 plugins over the four platforms, healing logs in
 * every state across the confidence range with their snapshots, commands, pauses and audit trail,
 * interop events, and the SDK registry with its telemetry. Reproducible from `seed`; idempotent
 * (a database that has the demo data is left alone); one transaction, so a failure leaves nothing.
 * SDK patch versions are signed with the key in `dataDir`, the one the server serves them with.
 */
export async function seedDemoData(db: Database, options: { dataDir: string; seed?: number; now?: number }): Promise<SeedSummary> {
  const started = Date.now();
  const now = options.now ?? started;
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
    if (await hasDemoData(tx)) {
      return { created: false, plugins: 0, healingLogs: 0, interopEvents: 0, sdkApplications: 0, ms: Date.now() - started };
    }
    const rng = new Random(options.seed ?? DEFAULT_DEMO_SEED);
    const plugins = generatePlugins(rng, now);
    const pluginRows = plugins.map((p) => ({ ...p, updated_at: p.created_at }));
    await insertRows(tx, 'plugins', Object.keys(pluginRows[0]!), pluginRows);
    const logs = await seedHealing(tx, rng, plugins, now);
    const interopEvents = await seedInteropEvents(tx, rng, plugins, now);
    const sdkApplications = await seedSdk(tx, rng, { dataDir: options.dataDir, now, devAdmin: 'demo dev admin', reviewer: 'demo reviewer' });
    return { created: true, plugins: plugins.length, healingLogs: logs.length, interopEvents, sdkApplications, ms: Date.now() - started };
  });
}
