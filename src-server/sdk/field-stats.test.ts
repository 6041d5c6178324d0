import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { patchAlerts } from '../../src-shared/domain/sdk-patch-rules.js';
import { PatchFieldStatsResponseSchema, type PatchFieldStatsResponse } from '../../src-shared/schemas/sdk-field.js';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { LONG_PREFIX, STALE_APPLICATIONS, UNPATCHED_GROUPS, seedFieldData, unpatchedError, type SeededPatch } from './field-fixture.js';
import { MAX_FIELD_STATS_PATCHES, MAX_UNPATCHED_GROUPS } from './field-stats.js';
import { patchBody, uniqueCode } from './testing.js';

const ageOf = (iso: string, now: string) => (Date.parse(now) - Date.parse(iso)) / 1000;

describe.each(testBackends())('SDK patch field figures on %s', (backend) => {
  let server: TestServer;
  let patches: SeededPatch[];
  let stats: PatchFieldStatsResponse;
  const figuresOf = (id: string) => stats.patches.find((row) => row.patch_id === id)!;

  beforeAll(async () => {
    server = await startTestServer(backend);
    patches = await seedFieldData(server);
    const response = await server.request('GET', '/api/dev/patches/field-stats', { as: 'ops' });
    expect(response.status).toBe(200);
    stats = PatchFieldStatsResponseSchema.parse(response.body);
  }, 60_000);
  afterAll(async () => server?.close());

  it('counts every patch’s applications, successes, rollbacks and failures in the runbook’s windows', () => {
    for (const { id, traffic: t } of patches) {
      const week = t.lastHour + t.day + t.week;
      const successes = week - t.failedLastHour - t.rolledBack;
      const day = t.lastHour + t.day;
      expect(figuresOf(id), `patch with ${JSON.stringify(t)}`).toMatchObject({
        applications_7d: week,
        successes_7d: successes,
        success_rate_7d: week === 0 ? null : successes / week,
        applications_24h: day,
        rollbacks_24h: t.rolledBack,
        applications_1h: t.lastHour,
        failures_1h: t.failedLastHour,
        failure_rate_1h: t.lastHour === 0 ? null : t.failedLastHour / t.lastHour,
        lookups_1h: t.lookups,
      });
    }
  });

  it('shows a rollback rate only above 10 applications in 24 hours, as the runbook’s HAVING does', () => {
    const rates = patches.map(({ id, traffic }) => [traffic.lastHour + traffic.day, figuresOf(id).rollback_rate_24h]);
    expect(rates.filter(([, rate]) => rate !== null).map(([n]) => n)).toEqual([20, 17, 14, 14, 17]);
    expect(rates.find(([n]) => n === 10)).toEqual([10, null]);
    expect(figuresOf(patches[2]!.id).rollback_rate_24h).toBe(0.5);
  });

  it('raises the runbook’s alerts on the patches that cross them', () => {
    const alerting = patches.map(({ id }) => patchAlerts(figuresOf(id)));
    expect(alerting[0]).toEqual(['rollback_rate']);
    expect(alerting[4]).toEqual(['rollback_rate', 'failure_rate']);
    expect(alerting[1]).toEqual([]);
  });

  it('dates each patch by its newest application or answered lookup, whichever is later', () => {
    // Patch 0's newest application is 2 hours old; so is its newest lookup.
    expect(ageOf(figuresOf(patches[0]!.id).last_seen_at!, stats.computed_at)).toBeCloseTo(2 * 3600, -1);
    // Patch 11 was last applied 2 days ago, but answered a lookup 2 minutes ago.
    expect(ageOf(figuresOf(patches[11]!.id).last_seen_at!, stats.computed_at)).toBeCloseTo(120, -1);
    // Patch 4's newest application (5 minutes) is older than its newest lookup (2 minutes).
    expect(ageOf(figuresOf(patches[4]!.id).last_seen_at!, stats.computed_at)).toBeCloseTo(120, -1);
  });

  it('lists the most applied patches first, and a patch never applied with null figures', async () => {
    expect(stats.patches.slice(0, 3).map((row) => row.patch_id)).toEqual([patches[0]!.id, patches[1]!.id, patches[4]!.id]);
    const created = await server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: patchBody(uniqueCode('quiet')) });
    const again = (await server.request('GET', '/api/dev/patches/field-stats', { as: 'reviewer' })).body as PatchFieldStatsResponse;
    expect(again.patches.find((row) => row.patch_id === created.body.patch.id)).toEqual({
      patch_id: created.body.patch.id,
      applications_7d: 0,
      successes_7d: 0,
      success_rate_7d: null,
      applications_24h: 0,
      rollbacks_24h: 0,
      rollback_rate_24h: null,
      applications_1h: 0,
      failures_1h: 0,
      failure_rate_1h: null,
      lookups_1h: 0,
      last_seen_at: null,
    });
    expect(again.patches.length).toBeLessThanOrEqual(MAX_FIELD_STATS_PATCHES);
  });

  it('groups the errors no patch answered over 7 days by language, status, code and first 100 characters', () => {
    expect(stats.unpatched).toHaveLength(UNPATCHED_GROUPS);
    expect(stats.unpatched.length).toBeLessThanOrEqual(MAX_UNPATCHED_GROUPS);
    expect(stats.unpatched.map((row) => row.occurrences)).toEqual(Array.from({ length: UNPATCHED_GROUPS }, (_, i) => UNPATCHED_GROUPS - i));
    const [top] = stats.unpatched;
    expect(top).toMatchObject({ status: 402, error_code: 'card_declined_soft', developers: 3, error_pattern: LONG_PREFIX.slice(0, 100) });
    const single = stats.unpatched.at(-1)!;
    const error = unpatchedError(0);
    expect(single).toMatchObject({ sdk_language: error.language, status: error.status, error_code: error.error_code, error_pattern: error.message, developers: 1 });
    expect(stats.unpatched.find((row) => row.error_pattern === 'unanswered error number 1')).toMatchObject({ status: null, error_code: null, developers: 2 });
    expect(stats.unpatched.some((row) => row.error_pattern === 'stale unanswered error')).toBe(false);
    expect(ageOf(top!.last_seen_at, stats.computed_at)).toBeGreaterThan(3600);
  });

  it('leaves out what is older than its window', async () => {
    const { rows } = await server.db.query<{ n: number }>('SELECT count(*) AS n FROM sdk_patch_applications WHERE patch_id = $1', [patches.at(-1)!.id]);
    expect(rows[0]!.n).toBe(1 + STALE_APPLICATIONS);
    expect(figuresOf(patches.at(-1)!.id)).toMatchObject({ applications_7d: 1, rollbacks_24h: 0 });
  });

  it('is read by every staff role and by no one else', async () => {
    for (const as of ['admin', 'sira', 'reviewer', 'dev_admin'] as const) {
      expect((await server.request('GET', '/api/dev/patches/field-stats', { as })).status).toBe(200);
    }
    for (const as of ['merchant', 'sdk'] as const) expect((await server.request('GET', '/api/dev/patches/field-stats', { as })).status).toBe(403);
  });
});
