import { createPublicKey, verify } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALING_STATUSES } from '../src-shared/domain/healing-state.js';
import { signedPayloadOf } from '../src-shared/patch-format.js';
import type { ServerConfig } from './context.js';
import { DEMO_PLUGIN_COUNT } from './demo/plugins-data.js';
import { demoPatchKeys } from './demo/sdk-traffic-sandbox.js';
import { TrafficSimulator } from './demo/simulator.js';
import { DEMO_MERCHANT_ID, DEMO_TOKENS, DEMO_TOKEN_MAP } from './demo/tokens.js';
import { ADMIN_TOKEN_FILE, startServer, type RunningServer } from './server.js';
import { testBackends, type Backend } from './testing/harness.js';
import { withDatabase } from './testing/templates.js';

/** An empty PostgreSQL database (the server migrates it itself), dropped by `drop`. */
async function emptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `molam_server_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: withDatabase(base, name),
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function configFor(dataDir: string, demo: boolean, databaseUrl?: string): ServerConfig {
  const base = { host: '127.0.0.1', port: 0, dataDir, demo, defaultAutoApplyThreshold: 85, checkResponses: true, logLevel: 'silent' };
  return databaseUrl ? { ...base, databaseUrl } : base;
}

async function call(server: RunningServer, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const count = async (server: RunningServer, sql: string, params: unknown[] = []) =>
  Number((await server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n);

describe.each(testBackends())('a demo server started on %s', (backend: Backend) => {
  let dataDir: string;
  let database: { url: string; drop(): Promise<void> } | undefined;
  let server: RunningServer;
  const printed: string[] = [];
  const start = (demo: boolean, lines: string[] = []) =>
    startServer(configFor(dataDir, demo, database?.url), { print: (line) => lines.push(line), simulator: false });

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'molam-server-start-'));
    if (backend === 'postgres') database = await emptyPostgresDatabase();
    server = await start(true, printed);
  });
  afterAll(async () => {
    await server?.close();
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('writes a first admin token to <data-dir>/admin-token with mode 0600, says where, never prints it, and the token works', async () => {
    const path = join(dataDir, ADMIN_TOKEN_FILE);
    expect(server.adminTokenFile).toBe(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const token = readFileSync(path, 'utf8').trim();
    expect(token).toMatch(/^mhc_admin_/);
    expect(printed.filter((line) => line.includes(path))).toHaveLength(1);
    expect(printed.join('\n')).not.toContain(token);
    expect((await call(server, token, 'GET', '/api/v1/plugins')).status).toBe(200);
    expect((await call(server, 'mhc_admin_not-a-real-token', 'GET', '/api/v1/plugins')).status).toBe(401);
  });

  it('prints the demo tokens table and the URL it listens on', () => {
    const text = printed.join('\n');
    for (const token of DEMO_TOKENS) expect(text).toContain(token.token);
    expect(text).toContain(`listening on ${server.url}`);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('fills ≈200 plugins over the four platforms, demo-merchant-1 owning about ten', async () => {
    expect(await count(server, 'plugins')).toBe(DEMO_PLUGIN_COUNT);
    const { rows } = await server.db.query<{ cms: string; n: number }>('SELECT cms, count(*)::int AS n FROM plugins GROUP BY cms');
    expect(rows.map((r) => r.cms).sort()).toEqual(['magento', 'prestashop', 'shopify', 'woocommerce']);
    for (const row of rows) expect(row.n).toBeGreaterThanOrEqual(15);
    expect(await count(server, 'plugins WHERE merchant_id = $1', [DEMO_MERCHANT_ID])).toBe(10);
  });

  it('fills healing logs in every state, every severity, confidence from 40 to 99, with coherent fields', async () => {
    const { rows } = await server.db.query<{ status: string; n: number; lo: number; hi: number }>(
      'SELECT status, count(*)::int AS n, min(sira_confidence) AS lo, max(sira_confidence) AS hi FROM plugin_auto_healing_logs GROUP BY status',
    );
    expect(rows.map((r) => r.status).sort()).toEqual([...HEALING_STATUSES].sort());
    expect(Math.min(...rows.map((r) => r.lo))).toBeLessThan(45);
    expect(Math.max(...rows.map((r) => r.hi))).toBeGreaterThan(95);
    expect(await count(server, '(SELECT DISTINCT issue_severity FROM plugin_auto_healing_logs) s')).toBe(4);
    // Applied, rolled back and failed logs went through a snapshot made by create_pre_patch_snapshot().
    expect(await count(server, `plugin_auto_healing_logs l LEFT JOIN plugin_snapshots s ON s.id = l.snapshot_id AND s.healing_log_id = l.id
      WHERE l.status IN ('applied', 'rolled_back', 'failed', 'applying') AND (s.id IS NULL OR l.patched_state IS NULL)`)).toBe(0);
    expect(await count(server, `plugin_auto_healing_logs WHERE status = 'rejected' AND rejection_reason IS NULL`)).toBe(0);
    expect(await count(server, `plugin_auto_healing_logs WHERE auto_applied AND sira_confidence < 85`)).toBe(0);
    expect(await count(server, `plugin_auto_healing_logs WHERE auto_applied`)).toBeGreaterThan(10);
    expect(await count(server, `plugin_auto_healing_logs WHERE status = 'superseded' AND superseded_by IS NULL`)).toBe(0);
    expect(
      await count(
        server,
        `plugin_auto_healing_logs WHERE status = 'pending_review' AND issue_severity = 'critical'
           AND required_approvals = 2 AND jsonb_array_length(approvals) = 1`,
      ),
    ).toBeGreaterThan(0);
    const commandStates = await count(server, '(SELECT DISTINCT status FROM plugin_commands) s');
    expect(commandStates).toBeGreaterThanOrEqual(4);
    const eventStates = await server.db.query<{ status: string }>('SELECT DISTINCT status FROM plugin_interop_events ORDER BY status');
    expect(eventStates.rows.map((r) => r.status)).toEqual(['failed', 'processed', 'unmapped']);
  });

  it('serves the six runbook SDK patches (and one bad on purpose), signed with the server key, with hundreds of applications', async () => {
    const patches = await call(server, DEMO_TOKEN_MAP.dev_admin, 'GET', '/api/dev/patches?sdk_language=node&active=true');
    expect(patches.status).toBe(200);
    expect(patches.body.items).toHaveLength(7);
    const keys = await call(server, DEMO_TOKEN_MAP.sdk, 'GET', '/api/dev/signing-keys');
    const served = await call(server, DEMO_TOKEN_MAP.sdk, 'POST', '/api/dev/self-heal', {
      sdk: 'node',
      error: 'currency "CFA" is not supported',
      status: 400,
      error_code: 'invalid_currency',
    });
    expect(served.body.patch.actions).toEqual([{ type: 'set_currency', to: 'XOF' }]);
    const key = keys.body.keys.find((k: { key_id: string }) => k.key_id === served.body.patch.key_id);
    const payload = Buffer.from(signedPayloadOf(served.body.patch));
    expect(verify(null, payload, createPublicKey(key.public_key_pem), Buffer.from(served.body.patch.signature, 'base64'))).toBe(true);
    expect(await count(server, 'sdk_patch_applications WHERE patch_applied')).toBeGreaterThan(250);
    expect(await count(server, 'sdk_patch_applications WHERE rollback_triggered')).toBeGreaterThan(5);
    expect(await count(server, `sandbox_api_keys WHERE developer_id = 'demo-developer-1' AND status = 'active'`)).toBe(2);
  });

  it('gives each demo token its role: the merchant sees its own plugins, two reviewers approve a critical patch, ops applies it', async () => {
    for (const token of DEMO_TOKENS) {
      const me = await call(server, token.token, 'GET', '/api/v1/whoami');
      expect(me.body).toMatchObject({ role: token.role, merchant_id: token.merchantId });
    }
    const mine = await call(server, DEMO_TOKEN_MAP.merchant, 'GET', '/api/v1/plugins?limit=500');
    expect(mine.body.items).toHaveLength(10);
    const { rows } = await server.db.query<{ id: string }>(
      `SELECT id FROM plugin_auto_healing_logs WHERE status = 'pending_review' AND required_approvals = 2
          AND jsonb_array_length(approvals) = 1 AND approvals->0->>'by' = 'demo reviewer' LIMIT 1`,
    );
    const id = rows[0]!.id;
    expect((await call(server, DEMO_TOKEN_MAP.reviewer, 'POST', `/api/v1/plugins/autoheal/${id}/approve`, {})).status).toBe(409);
    const second = await call(server, DEMO_TOKEN_MAP.reviewer2, 'POST', `/api/v1/plugins/autoheal/${id}/approve`, {});
    expect(second.body.log.status).toBe('approved');
    expect((await call(server, DEMO_TOKEN_MAP.merchant, 'POST', `/api/v1/plugins/autoheal/${id}/apply`, {})).status).toBe(403);
    const applied = await call(server, DEMO_TOKEN_MAP.ops, 'POST', `/api/v1/plugins/autoheal/${id}/apply`, {});
    expect(applied.body.log.status).toBe('applying');
    expect((await call(server, DEMO_TOKEN_MAP.admin, 'GET', '/api/v1/admin/tokens')).status).toBe(200);
  });

  it('drives live traffic through the HTTP API: a tick sends events, a proposal, command acks and the SDK’s healed calls', async () => {
    const simulator = new TrafficSimulator({ baseUrl: server.url, seed: 42, trustedPatchKeys: await demoPatchKeys(server.db, dataDir) });
    const events = await count(server, 'plugin_interop_events');
    const logs = await count(server, 'plugin_auto_healing_logs');
    const applications = await count(server, 'sdk_patch_applications');
    const intents = await count(server, 'sandbox_payment_intents');
    const first = await simulator.tick();
    expect(first.failures).toBe(0);
    expect(await count(server, 'plugin_interop_events')).toBeGreaterThan(events);
    expect(await count(server, 'plugin_auto_healing_logs')).toBeGreaterThan(logs);
    // The shop's payment, and those the demo SDK made while healing.
    expect(await count(server, 'sandbox_payment_intents')).toBe(intents + 1 + simulator.stats.sdkPayments);
    expect(simulator.stats.sdkPayments).toBeGreaterThan(0);
    for (let i = 0; i < 6; i++) expect((await simulator.tick()).failures).toBe(0);
    expect(simulator.stats).toMatchObject({ ticks: 7, failures: 0 });
    expect(simulator.stats.proposals).toBeGreaterThanOrEqual(1);
    expect(simulator.stats.commandsAcked).toBeGreaterThan(0);
    expect(simulator.stats.payments).toBeGreaterThan(0);
    expect(simulator.stats.sdkReports).toBeGreaterThan(0);
    expect(simulator.stats.interopEvents).toBeGreaterThanOrEqual(7);
    // Stopping closes the SDK's clients, which send the application reports they still hold.
    await simulator.stop();
    expect(await count(server, 'sdk_patch_applications')).toBe(applications + simulator.stats.sdkReports);
  });

  it('reuses the admin token and keeps the demo data on restart, and revokes the demo tokens without --demo', async () => {
    const token = readFileSync(join(dataDir, ADMIN_TOKEN_FILE), 'utf8');
    const plugins = await count(server, 'plugins');
    const logs = await count(server, 'plugin_auto_healing_logs');
    await server.close();

    const lines: string[] = [];
    server = await start(true, lines);
    expect(server.seed?.created).toBe(false);
    expect(lines).toContain(`Admin token: ${join(dataDir, ADMIN_TOKEN_FILE)}`);
    expect(readFileSync(join(dataDir, ADMIN_TOKEN_FILE), 'utf8')).toBe(token);
    expect(await count(server, 'plugins')).toBe(plugins);
    expect(await count(server, 'plugin_auto_healing_logs')).toBe(logs);
    expect(await count(server, `api_tokens WHERE role = 'admin' AND revoked_at IS NULL`)).toBe(2);
    await server.close();

    server = await start(false);
    expect(server.tokens).toBeUndefined();
    expect((await call(server, DEMO_TOKEN_MAP.ops, 'GET', '/api/v1/plugins')).status).toBe(401);
    expect((await call(server, token.trim(), 'GET', '/api/v1/plugins')).status).toBe(200);
  });
});

describe.each(testBackends().filter((b) => b === 'postgres'))('several server processes on one %s', () => {
  it('start at once: one migration run, one first admin token, one demo seeding', async () => {
    const database = await emptyPostgresDatabase();
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'molam-server-multi-')));
    const servers = await Promise.all(dirs.map((dir) => startServer(configFor(dir, true, database.url), { print: () => undefined, simulator: false })));
    try {
      const seeded = servers.map((s) => s.seed!.created);
      expect(seeded.sort()).toEqual([false, true]);
      expect(await count(servers[0]!, 'plugins')).toBe(DEMO_PLUGIN_COUNT);
      expect(await count(servers[0]!, `api_tokens WHERE role = 'admin' AND name = 'bootstrap admin'`)).toBe(1);
      const files = dirs.filter((dir) => {
        try {
          return statSync(join(dir, ADMIN_TOKEN_FILE)).isFile();
        } catch {
          return false;
        }
      });
      expect(files).toHaveLength(1);
      for (const s of servers) expect((await call(s, DEMO_TOKEN_MAP.ops, 'GET', '/api/v1/plugins?limit=1')).status).toBe(200);
    } finally {
      for (const s of servers) await s.close();
      await database.drop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
