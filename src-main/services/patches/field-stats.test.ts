import { describe, expect, it } from 'vitest';
import { PatchFieldStatsResponseSchema, RunbookSchema } from '../../../src-shared/schemas/sdk-field.js';
import { PatchListFiltersSchema } from '../../../src-shared/ipc/patches.js';
import { seedFieldData, unpatchedError, UNPATCHED_GROUPS } from '../../../src-server/sdk/field-fixture.js';
import { patchBody } from '../../../src-server/sdk/testing.js';
import { testBackends } from '../../../src-server/testing/harness.js';
import { BackendUnreachableError } from '../../backend/backend-errors.js';
import { DecisionService } from '../decision-service.js';
import { serverPerSuite } from '../testing/console-fixture.js';
import { FieldStatsRefresher } from './field-stats-refresher.js';
import { PatchDesk } from './patch-desk.js';
import { PatchListService } from './patch-list-service.js';

describe.each(testBackends())('the SDK field figures in the console, from the reference backend on %s', (backend) => {
  const suite = serverPerSuite(backend);

  it('are cached with their age after a refresh, shown on the Patches list, bounded in the background, read offline, and feed the review queue’s dry runs', async () => {
    await seedFieldData(suite.server);
    // A version waiting for review that targets the last unanswered error group.
    const target = unpatchedError(UNPATCHED_GROUPS - 1);
    const body = patchBody('card_declined_soft', { sdk_language: target.language, match: { status: target.status, error_code: target.error_code } });
    const created = await suite.server.request('POST', '/api/dev/patches', { as: 'dev_admin', body: { ...body, change_note: 'soft declines are retried later' } });
    expect(created.status).toBe(201);
    const pendingId = created.body.patch.id as string;

    const app = await suite.syncedConsole({ as: 'reviewer' });
    let now = Date.parse('2026-03-01T12:00:00.000Z');
    const refresher = new FieldStatsRefresher({ repos: app.repos, client: () => app.client, now: () => now });
    expect(refresher.age()).toEqual({ computedAt: null, refreshedAt: null });
    const age = await refresher.refreshNow();
    expect(age).toEqual({ computedAt: expect.any(String), refreshedAt: '2026-03-01T12:00:00.000Z' });

    const onServer = PatchFieldStatsResponseSchema.parse((await suite.server.request('GET', '/api/dev/patches/field-stats', { as: 'ops' })).body);
    const list = new PatchListService(app.repos).list({ filters: PatchListFiltersSchema.parse({}), sort: { column: 'applications_7d', direction: 'desc' } });
    expect(list.stats).toEqual(age);
    for (const stats of onServer.patches) expect(list.rows.find((row) => row.id === stats.patch_id)?.stats).toEqual(stats);
    expect(list.rows.some((row) => row.alerts.length > 0)).toBe(true);
    expect(refresher.unpatched().items).toEqual(onServer.unpatched);
    const runbook = refresher.runbook();
    const { computed_at: _at, ...tables } = RunbookSchema.parse((await suite.server.request('GET', '/api/dev/runbook', { as: 'ops' })).body);
    expect(runbook.runbook).toEqual({ ...tables, computed_at: expect.any(String) });
    expect(runbook.stats.refreshedAt).toBe('2026-03-01T12:00:00.000Z');

    // In the background, at most once a minute.
    now += 30_000;
    await refresher.refreshInBackground();
    expect(refresher.age().refreshedAt).toBe('2026-03-01T12:00:00.000Z');
    now += 31_000;
    await refresher.refreshInBackground();
    expect(refresher.age().refreshedAt).toBe('2026-03-01T12:01:01.000Z');

    // The review queue: the pending version with its note, dry-run on the unanswered errors it matches.
    const desk = new PatchDesk(app.repos, new DecisionService(app.repos, () => app.profileId, () => undefined), { deliver: async () => [] });
    const item = desk.reviewQueue().items.find((i) => i.patch.id === pendingId)!;
    expect(item).toMatchObject({ changeNote: 'soft declines are retried later', ownVersion: false, activeVersion: null, localState: 'synced' });
    expect(item.dryRuns.length).toBeGreaterThan(0);
    expect(item.dryRuns[0]).toMatchObject({
      failure: { sdk_language: target.language, status: 402, error_code: 'card_declined_soft' },
      result: { matches: expect.arrayContaining([expect.objectContaining({ patch_id: pendingId, version: 1 })]) },
    });

    // Offline: asked refreshes fail, the cached figures stay, with their age.
    await suite.outage.stop();
    try {
      now += 120_000;
      await expect(refresher.refreshNow()).rejects.toBeInstanceOf(BackendUnreachableError);
      await refresher.refreshInBackground();
      expect(refresher.unpatched()).toEqual({ items: onServer.unpatched, stats: { computedAt: expect.any(String), refreshedAt: '2026-03-01T12:01:01.000Z' } });
    } finally {
      await suite.outage.start();
    }
    await refresher.close();
  });
});
