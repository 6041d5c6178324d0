import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rolloutBucket } from '../../src-shared/domain/patch-rollout.js';
import { patchAlerts, patchStateOf } from '../../src-shared/domain/sdk-patch-rules.js';
import { PatchFieldStatsResponseSchema, RunbookSchema, type PatchFieldStatsResponse } from '../../src-shared/schemas/sdk-field.js';
import { SdkPatchDetailSchema, type SdkPatchDetail } from '../../src-shared/schemas/sdk.js';
import { hashToken } from '../http/auth.js';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { DEMO_PATCHES } from './sdk-data.js';
import { seedDemoData } from './seed.js';
import { DEMO_DEVELOPER_ID, DEMO_TOKEN_MAP, setDemoTokens } from './tokens.js';

/** The demo's SDK registry as the console's Patches, Review and Runbook screens read it. */
describe('the demo SDK registry', () => {
  let server: TestServer;
  let dataDir: string;
  let details: SdkPatchDetail[];
  let stats: PatchFieldStatsResponse;
  const tokenIds: Record<string, string> = {};

  const as = (token: string, method: string, path: string, body?: unknown) =>
    server.request(method, path, { as: null, headers: { authorization: `Bearer ${token}` }, body });
  const detailOf = (key: string) => {
    const description = DEMO_PATCHES.find((plan) => plan.key === key)!.body.description;
    return details.find((d) => d.versions.some((v) => v.description === description))!;
  };

  beforeAll(async () => {
    // Approvals are served at once here; the seeded rollouts are what the demo shows.
    server = await startTestServer('pglite', { rolloutSteps: [100] });
    dataDir = mkdtempSync(join(tmpdir(), 'molam-demo-sdk-'));
    await setDemoTokens(server.db, true);
    for (const key of ['admin', 'dev_admin', 'reviewer'] as const) {
      const { rows } = await server.db.query<{ id: string }>('SELECT id FROM api_tokens WHERE token_hash = $1', [hashToken(DEMO_TOKEN_MAP[key])]);
      tokenIds[key] = rows[0]!.id;
    }
    await seedDemoData(server.db, { dataDir, now: Date.now() });
    const list = await as(DEMO_TOKEN_MAP.admin, 'GET', '/api/dev/patches?limit=500');
    details = [];
    for (const patch of list.body.items as Array<{ id: string }>) {
      details.push(SdkPatchDetailSchema.parse((await as(DEMO_TOKEN_MAP.ops, 'GET', `/api/dev/patches/${patch.id}`)).body));
    }
    stats = PatchFieldStatsResponseSchema.parse((await as(DEMO_TOKEN_MAP.ops, 'GET', '/api/dev/patches/field-stats')).body);
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('holds patches of five SDK languages in every registry state', () => {
    expect(details).toHaveLength(DEMO_PATCHES.length);
    expect(new Set(details.map((d) => d.patch.sdk_language))).toEqual(new Set(['node', 'python', 'php', 'go', 'ruby']));
    const states = details.map((d) => patchStateOf({ ...d.patch, hasPendingVersion: d.versions.some((v) => v.status === 'pending_review') }));
    expect(states.filter((state) => state === 'in_review')).toHaveLength(1);
    expect(states.filter((state) => state === 'retired')).toHaveLength(1);
    expect(states.filter((state) => state === 'deactivated')).toHaveLength(1);
    expect(states.filter((state) => state === 'active').length).toBeGreaterThanOrEqual(8);
  });

  it('has a new patch and a new version of an active patch waiting for review, by the demo dev_admin, with change notes', () => {
    const pending = details.flatMap((d) => d.versions.filter((v) => v.status === 'pending_review').map((v) => ({ patch: d.patch, version: v })));
    expect(pending.map(({ patch, version }) => [patch.active_version, version.version])).toEqual(
      expect.arrayContaining([
        [null, 1],
        [1, 2],
      ]),
    );
    expect(pending).toHaveLength(2);
    for (const { version } of pending) {
      expect(version.created_by).toBe(tokenIds.dev_admin);
      expect(version.change_note).toEqual(expect.any(String));
    }
    const reviewed = details.flatMap((d) => d.versions.filter((v) => v.reviewed_by !== null));
    expect(new Set(reviewed.map((v) => v.reviewed_by))).toEqual(new Set([tokenIds.reviewer]));
    expect(reviewed.some((v) => v.review_comment !== null)).toBe(true);
    expect(detailOf('ruby_server_error').versions[0]).toMatchObject({ status: 'rejected', rejection_reason: expect.stringMatching(/double charge/) });
  });

  it('raises each runbook alert on one patch: rollbacks above 20 % (PHP) and failures above half this hour (Go)', () => {
    const alerts = new Map(stats.patches.map((row) => [row.patch_id, patchAlerts(row)]));
    expect(alerts.get(detailOf('php_timeout').patch.id)).toEqual(['rollback_rate']);
    expect(alerts.get(detailOf('go_signature').patch.id)).toContain('failure_rate');
    const quiet = ['expired_key', 'rate_limited', 'py_rate_limited'].map((key) => alerts.get(detailOf(key).patch.id));
    expect(quiet).toEqual([[], [], []]);
    const rateLimited = stats.patches.find((row) => row.patch_id === detailOf('rate_limited').patch.id)!;
    expect(rateLimited.applications_24h).toBeGreaterThan(10);
    expect(rateLimited.lookups_1h).toBeGreaterThan(0);
  });

  it('lists errors no patch answered, a soft card decline first, with their developers', async () => {
    const [top] = stats.unpatched;
    expect(top).toMatchObject({ sdk_language: 'node', status: 402, error_code: 'card_declined_soft' });
    expect(top!.occurrences).toBeGreaterThanOrEqual(8);
    expect(top!.developers).toBeGreaterThan(1);
    const patterns = stats.unpatched.map((row) => row.error_pattern);
    expect(patterns).toContain('socket hang up (ECONNRESET)');
    expect(patterns).toContain('Molam::APIError: 500 Internal Server Error');
    const runbook = RunbookSchema.parse((await as(DEMO_TOKEN_MAP.ops, 'GET', '/api/dev/runbook')).body);
    expect(runbook.unpatched_errors[0]!.error_pattern).toMatch(/^card_declined_soft/);
    expect(runbook.failing_last_hour.map((row) => row.patch_id)).toContain(detailOf('go_signature').patch.id);
    expect(runbook.rollback_rates.map((row) => row.patch_id)).toContain(detailOf('php_timeout').patch.id);
  });

  it('shows completed rollouts of the served versions, one rollout at 25 % and one halted with the rate and threshold that halted it', async () => {
    const { body } = await as(DEMO_TOKEN_MAP.ops, 'GET', '/api/dev/rollouts');
    const byPatch = new Map((body.rollouts as Array<{ patch_id: string; state: string }>).map((r) => [r.patch_id, r]));
    expect(byPatch.get(detailOf('expired_key').patch.id)).toMatchObject({ version: 2, previous_version: 1, state: 'rolling', step_index: 1, share_pct: 25 });
    const halted = byPatch.get(detailOf('go_signature').patch.id);
    expect(halted).toMatchObject({ version: 1, state: 'halted', share_pct: 0 });
    expect((halted as unknown as { halted_reason: string }).halted_reason).toMatch(/^(rollback rate|failure rate) \d+\.\d % \(\d+ of \d+ applications\) is over the (20|50)\.0 % threshold$/);
    expect(byPatch.get(detailOf('rate_limited').patch.id)).toMatchObject({ state: 'completed', share_pct: 100 });
    // The patch that is bad on purpose rolls out live to a share holding the demo developer.
    const live = byPatch.get(detailOf('unknown_key').patch.id) as unknown as { state: string; share_pct: number };
    expect(live).toMatchObject({ version: 1, state: 'rolling' });
    expect(rolloutBucket(detailOf('unknown_key').patch.id, DEMO_DEVELOPER_ID)).toBeLessThan(live.share_pct);
    const states = [...byPatch.values()].map((r) => r.state);
    expect(states.filter((state) => state === 'rolling')).toHaveLength(2);
    expect(states.filter((state) => state === 'halted')).toHaveLength(1);
  });

  it('lets the demo admin approve the new patch, which self-heal then serves', async () => {
    const { patch } = detailOf('connection_reset');
    const approved = await as(DEMO_TOKEN_MAP.admin, 'POST', `/api/dev/patches/${patch.id}/versions/1/approve`, { comment: 'Safe for idempotent calls' });
    expect(approved.status).toBe(200);
    expect(approved.body.version).toMatchObject({ status: 'active', reviewed_by: tokenIds.admin, review_comment: 'Safe for idempotent calls' });
    const served = await as(DEMO_TOKEN_MAP.sdk, 'POST', '/api/dev/self-heal', { sdk: 'node', error: 'socket hang up (ECONNRESET)' });
    expect(served.body.patch).toMatchObject({ patch_id: patch.id, version: 1 });
  });
});
