/**
 * Load benchmark of the reference backend on PostgreSQL, over loopback, with the load generator
 * (autocannon) in this process and the server in a child process.
 *
 *   npm run bench:server                      # uses postgres://postgres@127.0.0.1:5432/test
 *   BENCH_DATABASE_URL=postgres://... npm run bench:server
 *   BENCH_DURATION=20 npm run bench:server    # seconds per scenario (default 10)
 *
 * Each scenario is bracketed by the same load (connections, bodies of the same shape and size, the
 * same duration in all, half before and half after) on the machine's HTTP floor: a no-op route of a
 * Fastify server set up like the real one, in its own child process (floor-server.ts).
 * `*_vs_floor` is the share of that floor an endpoint reaches.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { report } from '../support/report.js';
import { runLoad, type LoadResult } from './load.js';
import { startFloorProcess, startServerProcess, type ChildServer } from './server-process.js';

const baseUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const duration = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 64);
const dbName = `molam_bench_${process.pid}`;

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: baseUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

function databaseUrl(name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main(): Promise<void> {
  await admin(`CREATE DATABASE ${dbName}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'molam-bench-'));
  const server = await startServerProcess({ databaseUrl: databaseUrl(dbName), dataDir });
  let floor: ChildServer | undefined;
  const db = new pg.Client({ connectionString: databaseUrl(dbName) });
  try {
    const floorUrl = `${(floor = await startFloorProcess()).url}/floor`;
    await db.connect();
    const adminToken = readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
    const api = async (method: string, path: string, token: string, body?: unknown) => {
      const res = await fetch(`${server.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      const json = (await res.json()) as any;
      if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    const token = async (role: string, name: string, merchant_id?: string) =>
      (await api('POST', '/api/v1/admin/tokens', adminToken, { name, role, merchant_id })).token as string;
    const merchant = await token('merchant', 'bench merchant', 'bench-merchant');
    const sdk = await token('sdk', 'bench sdk');
    const author = await token('dev_admin', 'bench author');
    const reviewer = await token('reviewer', 'bench reviewer');

    const plugins = ['woocommerce', 'shopify', 'prestashop', 'magento'].flatMap((cms) =>
      Array.from({ length: 5 }, (_, i) => ({ id: `bench-${cms}-${i}`, cms })),
    );
    for (const p of plugins) {
      await api('POST', '/api/v1/plugins/register', merchant, { id: p.id, cms: p.cms, cms_version: '1.0', plugin_version: '1.0.0' });
    }
    const patch = await api('POST', '/api/dev/patches', author, {
      sdk_language: 'node',
      error_signature: '401 Unauthorized',
      description: 'Use the fallback API key',
      severity: 'high',
      match: { sdk_language: 'node', status: 401, error_code: 'api_key_expired' },
      actions: [{ type: 'use_fallback_credential', credential_ref: 'fallback' }],
    });
    await api('POST', `/api/dev/patches/${patch.patch.id}/versions/1/approve`, reviewer, {});

    // Interop: native WooCommerce events, each with its own event id.
    let n = 0;
    const interopBody = () => {
      const p = plugins[n++ % plugins.length]!;
      const native =
        p.cms === 'woocommerce'
          ? { event_type: 'woocommerce_checkout_order_processed', payload: { id: n, total: '55000', currency: 'XOF' } }
          : { event_type: 'payment.succeeded', payload: { order_id: n, amount: 55000, currency: 'XOF' } };
      return { plugin_id: p.id, event_id: randomUUID(), ...native };
    };
    const selfHealBody = () =>
      n++ % 4 === 0
        ? { sdk: 'node', sdk_version: '2.3.0', error: 'ETIMEDOUT request timed out', context: { path: '/v1/payment_intents' } }
        : { sdk: 'node', sdk_version: '2.3.0', error: '401 Unauthorized: API key expired', status: 401, error_code: 'api_key_expired' };
    const load = (title: string, url: string, token: string, body: () => unknown, seconds = duration) =>
      runLoad({ title, url, token, duration: seconds, connections, body });
    // The machine's speed drifts (other processes, PostgreSQL's own work after a scenario): half of the
    // floor's load before the scenario and half after weighs that drift on both sides alike.
    // autocannon runs whole seconds, so the halves are whole too.
    const bracketed = async (title: string, token: string, body: () => unknown, scenario: () => Promise<LoadResult>) => {
      const half = Math.max(1, Math.floor(duration / 2));
      const before = await load(`HTTP floor, ${title} bodies (1/2)`, floorUrl, token, body, half);
      const result = await scenario();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const after = await load(`HTTP floor, ${title} bodies (2/2)`, floorUrl, token, body, Math.max(1, duration - half));
      return { result, floorPerSecond: (before.ok + after.ok) / (before.seconds + after.seconds) };
    };

    // The floor's process is warmed up first (the server has answered the set-up requests by now):
    // its first second otherwise runs unoptimized code and halves the first half's figure.
    await load('HTTP floor, warm-up (not counted)', floorUrl, merchant, interopBody, 1);

    let stored = 0;
    const { result: interop, floorPerSecond: interopFloor } = await bracketed('interop', merchant, interopBody, async () => {
      const result = await load('interop events', `${server.url}/api/v1/plugins/interop/event`, merchant, interopBody);
      stored = Number((await db.query('SELECT count(*) AS n FROM plugin_interop_events')).rows[0].n);
      return result;
    });
    let lookups = 0;
    const { result: selfHeal, floorPerSecond: selfHealFloor } = await bracketed('self-heal', sdk, selfHealBody, async () => {
      const result = await load('self-heal lookups', `${server.url}/api/dev/self-heal`, sdk, selfHealBody);
      lookups = Number((await db.query('SELECT count(*) AS n FROM sdk_self_heal_lookups')).rows[0].n);
      return result;
    });

    const ok = report(
      'server',
      {
        interop_events_per_s: interop.perSecond,
        interop_p99_ms: interop.p99,
        interop_acknowledged: interop.ok,
        interop_stored: stored,
        // Requests cut off when the load stopped may be stored without their answer being counted,
        // so stored can exceed acknowledged; an acknowledged event missing from the table is a loss.
        interop_lost: Math.max(0, interop.ok - stored),
        interop_stored_unanswered: Math.max(0, stored - interop.ok),
        interop_errors: interop.failed,
        interop_non_2xx: interop.non2xx,
        interop_http_5xx: interop.http5xx,
        self_heal_req_per_s: selfHeal.perSecond,
        self_heal_p99_ms: selfHeal.p99,
        self_heal_acknowledged: selfHeal.ok,
        self_heal_recorded: lookups,
        self_heal_lost: Math.max(0, selfHeal.ok - lookups),
        self_heal_errors: selfHeal.failed,
        self_heal_non_2xx: selfHeal.non2xx,
        self_heal_http_5xx: selfHeal.http5xx,
        http_5xx: interop.http5xx + selfHeal.http5xx,
        floor_interop_req_per_s: interopFloor,
        floor_self_heal_req_per_s: selfHealFloor,
        interop_vs_floor: interop.perSecond / interopFloor,
        self_heal_vs_floor: selfHeal.perSecond / selfHealFloor,
      },
      {
        interop_events_per_s: '>= 2000',
        interop_p99_ms: '<= 50',
        interop_lost: '<= 0',
        self_heal_req_per_s: '>= 5000',
        self_heal_p99_ms: '<= 20',
        self_heal_lost: '<= 0',
        interop_http_5xx: '<= 0',
        self_heal_http_5xx: '<= 0',
        http_5xx: '<= 0',
      },
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    await db.end().catch(() => undefined);
    await floor?.stop();
    await server.stop();
    await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
