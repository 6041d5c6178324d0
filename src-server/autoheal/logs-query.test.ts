import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, testBackends, type TestServer } from '../testing/harness.js';
import { autoApplied, poll, propose, registerPlugin, transition } from './autoheal-test-kit.js';

type Page = { items: Array<{ id: string; plugin_id: string; status: string; detected_issue: string }>; next_cursor: string | null };

describe.each(testBackends())('healing-log queries and stats on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => server?.close());

  const logs = async (query: string, as: 'ops' | 'merchant' | 'merchant2' | 'reviewer' | 'sdk' = 'ops') =>
    server.request('GET', `/api/v1/plugins/autoheal/logs?${query}`, { as });
  const ids = (page: Page) => page.items.map((l) => l.id);

  it('filters by status, severity, plugin, platform, confidence, time and text', async () => {
    await registerPlugin(server, 'lq-woo-1');
    await registerPlugin(server, 'lq-shop-1', { cms: 'shopify' });
    const low = await propose(server, 'lq-woo-1', { detected_issue: 'lqtoken memory low', sira_confidence: 20, issue_severity: 'low' });
    const high = await propose(server, 'lq-woo-1', { detected_issue: 'lqtoken 100%_done', sira_confidence: 60, issue_severity: 'high' });
    const shop = await propose(server, 'lq-shop-1', { detected_issue: 'LQTOKEN shopify', sira_confidence: 90 });
    await transition(server, high.log.id, 'reject', { body: { reason: 'no' } });

    const q = 'q=lqtoken';
    expect(ids((await logs(q)).body)).toEqual([shop.log.id, high.log.id, low.log.id]);
    expect(ids((await logs(`${q}&status=rejected,applying`)).body)).toEqual([shop.log.id, high.log.id]);
    expect(ids((await logs(`${q}&severity=low`)).body)).toEqual([low.log.id]);
    expect(ids((await logs(`${q}&plugin_id=lq-woo-1`)).body)).toEqual([high.log.id, low.log.id]);
    expect(ids((await logs(`${q}&platform=shopify`)).body)).toEqual([shop.log.id]);
    expect(ids((await logs(`${q}&min_confidence=50&max_confidence=60`)).body)).toEqual([high.log.id]);
    expect(ids((await logs('q=100%25_')).body)).toEqual([high.log.id]);
    expect(ids((await logs('q=lqtoken%25low')).body)).toEqual([]);
    expect(ids((await logs('q=lqtoken_memory')).body)).toEqual([]);

    await server.db.query("UPDATE plugin_auto_healing_logs SET created_at = '2020-01-01T00:00:00Z' WHERE id = $1", [low.log.id]);
    expect(ids((await logs(`${q}&until=2021-01-01T00:00:00Z`)).body)).toEqual([low.log.id]);
    expect(ids((await logs(`${q}&since=2021-01-01T00:00:00Z`)).body)).toEqual([shop.log.id, high.log.id]);
  });

  it('pages newest first without skipping or repeating rows that share a timestamp', async () => {
    await registerPlugin(server, 'lq-page-1');
    const created: string[] = [];
    for (let i = 0; i < 7; i++) created.push((await propose(server, 'lq-page-1', { detected_issue: `page issue ${i}` })).log.id);
    // Microsecond-distinct times in one millisecond, and two identical ones: the cursor must hold both apart.
    await server.db.query(
      `UPDATE plugin_auto_healing_logs SET created_at = '2030-05-05T10:00:00.000001Z'::timestamptz + (
         CASE WHEN detected_issue IN ('page issue 5', 'page issue 6') THEN 5 ELSE substr(detected_issue, 12)::int END
       ) * interval '1 microsecond' WHERE plugin_id = 'lq-page-1'`,
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response = await logs(`plugin_id=lq-page-1&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      seen.push(...ids(response.body));
      cursor = response.body.next_cursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen)).toEqual(new Set(created));
    expect(seen).toHaveLength(7);
    const all = await server.db.query(
      "SELECT id FROM plugin_auto_healing_logs WHERE plugin_id = 'lq-page-1' ORDER BY created_at DESC, id DESC",
    );
    expect(seen).toEqual(all.rows.map((r) => r.id));
  });

  it('shows merchants only their own plugins and refuses them another merchant\'s', async () => {
    await registerPlugin(server, 'lq-own-a');
    await registerPlugin(server, 'lq-own-b', { as: 'merchant2' });
    const mine = await propose(server, 'lq-own-a', { detected_issue: 'lqscope a' });
    const theirs = await propose(server, 'lq-own-b', { detected_issue: 'lqscope b' });
    expect(ids((await logs('q=lqscope', 'merchant')).body)).toEqual([mine.log.id]);
    expect(ids((await logs('q=lqscope', 'merchant2')).body)).toEqual([theirs.log.id]);
    expect((await logs('plugin_id=lq-own-b', 'merchant')).status).toBe(403);
    expect((await logs('q=lqscope', 'sdk')).status).toBe(403);
    const other = await server.request('GET', `/api/v1/plugins/autoheal/logs/${theirs.log.id}`, { as: 'merchant' });
    expect(other.status).toBe(403);
    const own = await server.request('GET', `/api/v1/plugins/autoheal/logs/${mine.log.id}`, { as: 'merchant' });
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ log: { id: mine.log.id }, plugin: { id: 'lq-own-a' }, audit: [] });
  });

  it('answers 400 naming the field for bad filters and 404 for an unknown log', async () => {
    const cases: Array<[string, string]> = [
      ['status=done', 'query.status.0'],
      ['severity=low,urgent', 'query.severity.1'],
      ['platform=joomla', 'query.platform'],
      ['min_confidence=101', 'query.min_confidence'],
      ['min_confidence=abc', 'query.min_confidence'],
      ['min_confidence=80&max_confidence=20', 'query.min_confidence'],
      ['since=yesterday', 'query.since'],
      ['limit=0', 'query.limit'],
      ['limit=501', 'query.limit'],
      ['cursor=garbage', 'query.cursor'],
      [`cursor=${Buffer.from('["not-a-uuid"]').toString('base64url')}`, 'query.cursor'],
      ['plugin_id=bad%20id', 'query.plugin_id'],
    ];
    for (const [query, field] of cases) {
      const bad = await logs(query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.field, query).toBe(field);
    }
    expect((await server.request('GET', `/api/v1/plugins/autoheal/logs/${randomUUID()}`, { as: 'ops' })).status).toBe(404);
    const malformed = await server.request('GET', '/api/v1/plugins/autoheal/logs/123', { as: 'ops' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.field).toBe('params.id');
  });

  it('details a log with its plugin, snapshot, commands and audit trail', async () => {
    await registerPlugin(server, 'lq-detail-1');
    const { log, command_id } = await autoApplied(server, 'lq-detail-1');
    const detail = await server.request('GET', `/api/v1/plugins/autoheal/logs/${log.id}`, { as: 'reviewer' });
    expect(detail.status).toBe(200);
    expect(detail.body.plugin.id).toBe('lq-detail-1');
    expect(detail.body.snapshot).toMatchObject({ healing_log_id: log.id, restored_at: null, snapshot_data: { plugin_version: '1.4.0' } });
    expect(detail.body.commands.map((c: { id: string }) => c.id)).toEqual([command_id]);
    expect(detail.body.audit[0]).toMatchObject({ action: 'healing_log.propose', actor_name: 'test sira', actor_role: 'sira' });
    expect(detail.body.review_reason).toBeNull();
  });

  it('documents every auto-healing route of this module in the OpenAPI document', async () => {
    const doc = await server.request('GET', '/api/docs/openapi.json', { as: null });
    expect(doc.status).toBe(200);
    const paths = doc.body.paths as Record<string, Record<string, unknown>>;
    const expected: Array<[string, string]> = [
      ['/api/v1/plugins/autoheal', 'post'],
      ['/api/v1/plugins/autoheal/{id}/approve', 'post'],
      ['/api/v1/plugins/autoheal/{id}/reject', 'post'],
      ['/api/v1/plugins/autoheal/{id}/apply', 'post'],
      ['/api/v1/plugins/autoheal/{id}/rollback', 'post'],
      ['/api/v1/plugins/autoheal/logs', 'get'],
      ['/api/v1/plugins/autoheal/logs/{id}', 'get'],
      ['/api/v1/plugins/autoheal/stats', 'get'],
      ['/api/v1/plugins/autoheal/pauses', 'get'],
      ['/api/v1/plugins/autoheal/pauses/{id}/resume', 'post'],
      ['/api/v1/plugins/autoheal/policy', 'get'],
      ['/api/v1/plugins/autoheal/policy', 'put'],
    ];
    for (const [path, method] of expected) expect(paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });

  it('counts the stat cards from get_auto_healing_stats over the chosen window', async () => {
    const stats = async (days?: number) =>
      (await server.request('GET', `/api/v1/plugins/autoheal/stats${days ? `?days=${days}` : ''}`, { as: 'reviewer' })).body;
    const before = await stats();
    await registerPlugin(server, 'lq-stats-1');
    await registerPlugin(server, 'lq-stats-2');
    const applied = await autoApplied(server, 'lq-stats-1');
    await poll(server, 'lq-stats-1');
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${applied.command_id}/ack`, { as: 'merchant', body: { success: true } });
    const failed = await autoApplied(server, 'lq-stats-2');
    await poll(server, 'lq-stats-2');
    await server.request('POST', `/api/v1/plugins/autoheal/commands/${failed.command_id}/ack`, { as: 'merchant', body: { success: false } });
    await propose(server, 'lq-stats-2', { detected_issue: 'stats pending', issue_severity: 'critical', sira_confidence: 40 });
    const old = await propose(server, 'lq-stats-2', { detected_issue: 'stats old', sira_confidence: 10 });
    await server.db.query("UPDATE plugin_auto_healing_logs SET created_at = now() - interval '45 days' WHERE id = $1", [old.log.id]);

    const after = await stats();
    expect(after.days).toBe(30);
    expect(after.total - before.total).toBe(3);
    expect(after.applied - before.applied).toBe(1);
    expect(after.failed - before.failed).toBe(1);
    expect(after.pending_review - before.pending_review).toBe(1);
    expect(after.auto_applied - before.auto_applied).toBe(2);
    expect((after.by_severity.critical ?? 0) - (before.by_severity.critical ?? 0)).toBe(1);
    expect(after.success_rate).toBe(
      Math.round((10000 * after.applied) / (after.applied + after.rolled_back + after.failed)) / 100,
    );
    expect((await stats(60)).total).toBe(after.total + 1);
    const bad = await server.request('GET', '/api/v1/plugins/autoheal/stats?days=0', { as: 'ops' });
    expect(bad.body.error.field).toBe('query.days');
    expect((await server.request('GET', '/api/v1/plugins/autoheal/stats', { as: 'merchant' })).status).toBe(403);
  });
});
