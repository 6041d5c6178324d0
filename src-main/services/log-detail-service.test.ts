import { afterEach, describe, expect, it } from 'vitest';
import { BackendClient } from '../backend/backend-client.js';
import { fakeLog, uuidFor } from '../cache/testing/fake-logs.js';
import { DecisionService } from './decision-service.js';
import { openTestCache } from '../sync/testing/fixtures.js';
import { LogDetailService } from './log-detail-service.js';

const RULE = uuidFor(900, '11111111');
const OTHER_RULE = uuidFor(901, '11111111');

function pauseRow(n: number, overrides: Record<string, unknown> = {}) {
  return {
    id: uuidFor(n, '22222222'),
    rule_id: RULE,
    plugin_id: 'plugin-1',
    healing_log_id: null,
    paused_by: 'ops one',
    paused_at: '2026-01-02T10:00:00.000000+00:00',
    reason: 'rolled back',
    resumed_by: null,
    resumed_at: null,
    version: 1,
    ...overrides,
  };
}

describe('the log detail service', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  function setUp(client?: BackendClient) {
    const cache = openTestCache();
    cleanup = cache.close;
    const { repos } = cache;
    repos.logs.upsert(fakeLog(1, { plugin_id: 'plugin-1', rule_id: RULE }));
    repos.entities.rule.upsert({ id: RULE, name: 'missing_database_column', active: true, version: 1 });
    return { repos, service: new LogDetailService(repos, () => client) };
  }

  it('lists the pauses in force for the log’s rule on its plugin, named after the cached rule', () => {
    const { repos, service } = setUp();
    repos.entities.pause.upsert(pauseRow(1));
    repos.entities.pause.upsert(pauseRow(2, { resumed_at: '2026-01-03T00:00:00Z', resumed_by: 'ops two', version: 2 }));
    repos.entities.pause.upsert(pauseRow(3, { rule_id: OTHER_RULE }));
    repos.entities.pause.upsert(pauseRow(4, { plugin_id: 'plugin-2' }));

    const { items } = service.pausesForLog(uuidFor(1));
    expect(items.map((p) => p.pause.id)).toEqual([uuidFor(1, '22222222')]);
    expect(items[0]).toMatchObject({ pause: { rule_name: 'missing_database_column', paused_by: 'ops one' }, localState: 'synced', pending: null });
  });

  it('says the audit trail is unavailable offline, with no backend or an unreachable one', async () => {
    expect(await setUp().service.remote(uuidFor(1))).toMatchObject({ status: 'unavailable', reason: 'offline' });
    cleanup?.();
    const unreachable = new BackendClient({ baseUrl: 'http://127.0.0.1:9', token: 't', attempts: 1, timeoutMs: 2_000 });
    const answer = await setUp(unreachable).service.remote(uuidFor(1));
    expect(answer).toMatchObject({ status: 'unavailable', reason: 'offline', message: expect.stringContaining('audit trail unavailable offline') });
  });

  it('offline, states a rollback from the cache: the newer patches applied on the plugin and the pause the shared rule writes', async () => {
    const { repos, service } = setUp();
    const applied = (n: number, at: string, overrides: Record<string, unknown> = {}) =>
      repos.logs.upsert(fakeLog(n, { plugin_id: 'plugin-1', status: 'applied', applied_at: at, ...overrides }));
    applied(10, '2026-01-05T10:00:00Z', { rule_id: RULE, auto_applied: true });
    applied(11, '2026-01-05T11:00:00Z', { detected_issue: 'newer one' });
    applied(12, '2026-01-05T12:00:00Z', { detected_issue: 'newest one' });
    applied(13, '2026-01-05T09:00:00Z', { detected_issue: 'older one' });
    applied(14, '2026-01-05T13:00:00Z', { plugin_id: 'plugin-2' });

    const preview = await service.rollbackPreview(uuidFor(10));
    expect(preview).toMatchObject({ source: 'cache', unavailable: expect.stringContaining('rollback plan unavailable offline') });
    expect(preview.newer.map((p) => [p.log_id, p.detected_issue])).toEqual([
      [uuidFor(12), 'newest one'],
      [uuidFor(11), 'newer one'],
    ]);
    expect(preview.pause).toEqual({ ruleId: RULE, rule: 'missing_database_column', pluginId: 'plugin-1', alreadyPaused: null });
    expect((await service.rollbackPreview(uuidFor(11))).pause).toBeNull();
    await expect(service.rollbackPreview(uuidFor(999))).rejects.toThrow(/healing log/);
  });

  it('shows a resume queued offline on the pause it is for', () => {
    const { repos, service } = setUp();
    repos.entities.pause.upsert(pauseRow(1));
    const decisions = new DecisionService(repos, () => repos.syncState.get().profileId, () => undefined);
    const receipt = decisions.resumePause(uuidFor(1, '22222222'));
    const [item] = service.pausesForLog(uuidFor(1)).items;
    expect(item).toMatchObject({ localState: 'queued', pending: { id: receipt.outboxId, state: 'queued', lastError: null } });
  });
});
