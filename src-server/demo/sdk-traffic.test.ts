import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutBucket } from '../../src-shared/domain/patch-rollout.js';
import { RolloutResponseSchema, type Rollout } from '../../src-shared/schemas/rollout.js';
import { DEFAULT_SANDBOX_FAULTS } from '../../src-shared/schemas/sandbox.js';
import { startServerOn, startTestServer, type TestServer } from '../testing/harness.js';
import { Random } from './random.js';
import { DEMO_PATCHES } from './sdk-data.js';
import type { SdkFailureKey } from './sdk-failures.js';
import { DemoSdkTraffic, SDK_SCENARIO_CYCLE, type SdkScenario } from './sdk-traffic.js';
import { demoPatchKeys, SandboxFaultSwitch } from './sdk-traffic-sandbox.js';
import { seedDemoData } from './seed.js';
import { emptyStats } from './simulator-actions.js';
import { SimulatorClient } from './simulator-client.js';
import { TrafficSimulator } from './simulator.js';
import { DEMO_DEVELOPER_ID, DEMO_TOKEN_MAP, setDemoTokens } from './tokens.js';

const HEALED: readonly SdkFailureKey[] = ['expired_key', 'timeout', 'invalid_currency', 'clock_skew', 'rate_limited', 'missing_field'];
const SEED = 4242;

interface ReportRow {
  patch_id: string;
  patch_version: number;
  success: boolean;
  rollback_triggered: boolean;
  description: string;
}

/** The demo's SDK traffic: the real client against the server's own sandbox, healing with the demo's patches. */
describe('the demo SDK traffic', () => {
  let server: TestServer;
  let keys: string[];
  const debugLines: string[] = [];
  const log = { debug: (_fields: Record<string, unknown>, message: string) => void debugLines.push(message), info: () => undefined };

  beforeAll(async () => {
    server = await startTestServer('pglite');
    await setDemoTokens(server.db, true);
    // Signed with the server's own key, as `--demo` does.
    await seedDemoData(server.db, { dataDir: server.dataDir, now: Date.now() });
    keys = await demoPatchKeys(server.db, server.dataDir);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  const patchIdOf = async (key: SdkFailureKey) => {
    const description = DEMO_PATCHES.find((plan) => plan.key === key)!.body.description;
    const { rows } = await server.db.query<{ patch_id: string }>('SELECT patch_id FROM sdk_patch_versions WHERE version = 1 AND description = $1', [description]);
    return rows[0]!.patch_id;
  };

  it('heals each runbook failure for real and rolls the bad patch back, as application reports of existing patches', async () => {
    console.log(`demo SDK traffic seed: ${SEED}`);
    const stats = emptyStats();
    const traffic = new DemoSdkTraffic({
      baseUrl: server.baseUrl,
      client: new SimulatorClient(server.baseUrl),
      tokens: DEMO_TOKEN_MAP,
      trustedPatchKeys: keys,
      rng: new Random(SEED),
      stats,
      log,
    });
    const ran: SdkScenario[] = [];
    try {
      for (let i = 0; i < 8; i++) ran.push(await traffic.tick());
      await traffic.flush();
    } finally {
      await traffic.close();
    }
    expect(ran).toEqual(SDK_SCENARIO_CYCLE.slice(0, 8));
    // Only the bad patch's call fails; the six healed calls, the healthy one and the rate limit's first call made payments.
    expect(stats).toMatchObject({ sdkErrors: 1, sdkHealed: 6, sdkRollbacks: 1, sdkReports: 7, sdkPayments: 8 });

    const { rows } = await server.db.query<ReportRow>(
      `SELECT a.patch_id, a.patch_version, a.success, a.rollback_triggered, v.description
         FROM sdk_patch_applications a JOIN sdk_patch_versions v ON v.patch_id = a.patch_id AND v.version = a.patch_version
        WHERE a.developer_id = $1 AND a.report_id LIKE 'molam-sdk-%'`,
      [DEMO_DEVELOPER_ID],
    );
    // The join keeps only reports of patch versions that exist: every one of them does.
    expect(rows).toHaveLength(7);
    for (const key of HEALED) {
      const patchId = await patchIdOf(key);
      expect(rows.filter((row) => row.patch_id === patchId), key).toEqual([expect.objectContaining({ success: true, rollback_triggered: false })]);
    }
    const bad = await patchIdOf('unknown_key');
    expect(rows.filter((row) => row.patch_id === bad)).toEqual([expect.objectContaining({ success: false, rollback_triggered: true })]);

    const faults = await server.request('GET', '/api/v1/sandbox/faults', { as: 'dev_admin' });
    expect(faults.body).toEqual(DEFAULT_SANDBOX_FAULTS);
    const metrics = await server.request('GET', '/metrics', { as: null });
    expect(metrics.body).toContain(`self_heal_rollbacks_total{sdk_language="node"} 1`);
    expect(metrics.body).toContain(`self_heal_patch_failures_total{patch_id="${bad}"} 1`);
  }, 120_000);

  it('halts the rollout of a bad version whose share holds the demo developer, from the SDK’s real rollbacks', async () => {
    const bad = await patchIdOf('unknown_key');
    // A first step just wide enough to hold the demo developer, so the test does not depend on the patch id.
    const firstStep = (rolloutBucket(bad, DEMO_DEVELOPER_ID) + 100) / 2;
    const other = await startServerOn(server.db, { rolloutSteps: [firstStep, 100], rolloutMinApplications: 3 });
    const send = async (token: string, method: string, path: string, body?: unknown) => {
      const response = await fetch(`${other.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as any };
    };
    const stats = emptyStats();
    let traffic: DemoSdkTraffic | undefined;
    try {
      const { sdk_language: _language, ...content } = DEMO_PATCHES.find((plan) => plan.key === 'unknown_key')!.body;
      const written = await send(DEMO_TOKEN_MAP.dev_admin, 'PUT', `/api/dev/patches/${bad}`, { ...content, change_note: 'The legacy key moved to a new reference' });
      expect(written.status).toBe(200);
      const version = written.body.version.version as number;
      expect((await send(DEMO_TOKEN_MAP.reviewer, 'POST', `/api/dev/patches/${bad}/versions/${version}/approve`, {})).status).toBe(200);
      traffic = new DemoSdkTraffic({
        baseUrl: other.baseUrl,
        client: new SimulatorClient(other.baseUrl),
        tokens: DEMO_TOKEN_MAP,
        // Read after the version was signed: this server signs with its own key, which the database lists.
        trustedPatchKeys: await demoPatchKeys(server.db, server.dataDir),
        rng: new Random(SEED),
        stats,
        log,
      });
      let rollout: Rollout | null = null;
      for (let i = 0; i < 10 && rollout?.state !== 'halted'; i++) {
        await traffic.play('unknown_key');
        await traffic.flush();
        rollout = RolloutResponseSchema.parse((await send(DEMO_TOKEN_MAP.reviewer, 'GET', `/api/dev/patches/${bad}/rollout`)).body).rollout;
      }
      expect(rollout).toMatchObject({ version, state: 'halted', share_pct: 0, halted_reason: expect.stringMatching(/rollback rate/) });
      expect(stats.sdkRollbacks).toBeGreaterThanOrEqual(3);
      // Halted: the demo developer (inside the share) is served nothing for this failure any more.
      const lookup = await send(DEMO_TOKEN_MAP.sdk, 'POST', '/api/dev/self-heal', { sdk: 'node', error: '401 Unauthorized: unknown API key', status: 401, error_code: 'invalid_api_key' });
      expect(lookup.body.patch).toBeNull();
    } finally {
      await traffic?.close();
      await other.close();
    }
  }, 120_000);

  it('puts the sandbox fault switch back as it found it, even when the call under the fault fails', async () => {
    const custom = { ...DEFAULT_SANDBOX_FAULTS, latency_ms: 5, latency_rate: 0.5 };
    const put = (body: unknown) => server.request('PUT', '/api/v1/sandbox/faults', { as: 'dev_admin', body });
    expect((await put(custom)).status).toBe(200);
    try {
      const faults = new SandboxFaultSwitch(new SimulatorClient(server.baseUrl), DEMO_TOKEN_MAP.dev_admin);
      let during: unknown;
      const failing = faults.during({ rate_limit: { per_second: 1, burst: 1 } }, async () => {
        during = (await server.request('GET', '/api/v1/sandbox/faults', { as: 'dev_admin' })).body;
        throw new Error('the call under the fault failed');
      });
      await expect(failing).rejects.toThrow('the call under the fault failed');
      expect(during).toEqual({ ...custom, rate_limit: { per_second: 1, burst: 1 } });
      expect((await server.request('GET', '/api/v1/sandbox/faults', { as: 'dev_admin' })).body).toEqual(custom);
    } finally {
      await put({});
    }
  });

  it('never throws out of a tick, even with the server gone', async () => {
    const simulator = new TrafficSimulator({ baseUrl: 'http://127.0.0.1:9', seed: SEED, trustedPatchKeys: keys, log });
    const report = await simulator.tick();
    expect(report.failures).toBeGreaterThan(0);
    expect(simulator.stats.sdkCalls).toBe(0);
    await simulator.stop();
  });
});
