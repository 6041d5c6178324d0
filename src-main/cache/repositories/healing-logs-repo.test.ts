import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ListLogsRequestSchema } from '../../../src-shared/ipc/logs.js';
import { CacheDb } from '../cache-db.js';
import { fakeLog } from '../testing/fake-logs.js';
import { createRepositories, type Repositories } from './index.js';

describe('cached healing logs', () => {
  let dir: string;
  let repos: Repositories;
  const list = (request: Record<string, unknown>) => repos.logs.list(ListLogsRequestSchema.parse(request));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'molam-logs-repo-test-'));
    repos = createRepositories(CacheDb.open({ file: join(dir, 'cache.sqlite') }));
    repos.profiles.insert({ id: 'p1', name: 'test', url: 'http://x', embedded: false, createdAt: '2026-01-01T00:00:00Z' });
    repos.syncState.resetSyncedData('p1');
    repos.entities.plugin.upsert({ id: 'plugin-1', merchant_id: 'm', cms: 'shopify', version: 1 });
    repos.cache.transaction(() => {
      for (let n = 0; n < 600; n++) repos.logs.upsert(fakeLog(n));
    });
  });
  afterEach(() => {
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('orders the review queue by severity, then confidence, then newest, page by page', () => {
    const first = list({ status: ['pending_review'], limit: 100 });
    const second = list({ status: ['pending_review'], limit: 100, offset: 100 });
    expect(first.hasMore).toBe(true);
    const rows = [...first.items, ...second.items].map((i) => i.log);
    expect(new Set(rows.map((r) => r.id)).size).toBe(200);
    const rank = { critical: 4, high: 3, medium: 2, low: 1 } as const;
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(b.status).toBe('pending_review');
      const key = (r: typeof a) => [-rank[r.issue_severity], r.sira_confidence, -Date.parse(r.created_at)];
      expect(compare(key(a), key(b))).toBeLessThanOrEqual(0);
    }
  });

  it('walks an index for each sort instead of sorting the table', () => {
    for (const sort of ['severity_desc_confidence_asc', 'newest', 'oldest']) {
      const status = sort.startsWith('severity') ? "WHERE h.status = 'pending_review'" : '';
      const order = { severity_desc_confidence_asc: 'h.severity_rank DESC, h.confidence ASC, h.created_at DESC, h.id', newest: 'h.created_at DESC, h.id', oldest: 'h.created_at ASC, h.id DESC' }[sort];
      const plan = repos.cache.sql.prepare(`EXPLAIN QUERY PLAN SELECT h.id FROM healing_logs h ${status} ORDER BY ${order} LIMIT 100`).all() as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail).join(' | ');
      expect([sort, details]).toEqual([sort, expect.stringMatching(/USING (COVERING )?INDEX healing_logs_/)]);
      expect(details).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('filters by severity, confidence range, plugin, platform, local state and text', () => {
    const filtered = list({ severity: ['high', 'critical'], minConfidence: 20, maxConfidence: 60, limit: 500 }).items;
    expect(filtered.length).toBeGreaterThan(0);
    for (const { log } of filtered) {
      expect(['high', 'critical']).toContain(log.issue_severity);
      expect(log.sira_confidence).toBeGreaterThanOrEqual(20);
      expect(log.sira_confidence).toBeLessThanOrEqual(60);
    }
    const byPlugin = list({ pluginId: 'plugin-1', limit: 500 }).items;
    expect(byPlugin.length).toBe(12);
    expect(byPlugin.every((i) => i.platform === 'shopify')).toBe(true);
    expect(list({ platform: 'shopify', limit: 500 }).items).toHaveLength(12);
    expect(list({ q: "'fee_42'" }).items.map((i) => i.log.id)).toEqual([fakeLog(42).id]);
    expect(list({ q: '100%' }).items).toEqual([]);
  });

  it('learns a plugin platform after its logs arrived and keeps a queued decision visible through updates', () => {
    repos.entities.plugin.upsert({ id: 'plugin-2', merchant_id: 'm', cms: 'magento', version: 1 });
    // the applier does this when a plugin's CMS changes; here by hand
    repos.logs.setPlatformForPlugin('plugin-2', 'magento');
    expect(repos.logs.get(fakeLog(2).id)?.platform).toBe('magento');

    const id = fakeLog(3).id;
    repos.outbox.add({ profileId: 'p1', logId: id, decision: { action: 'approve' }, baseVersion: 1, idempotencyKey: 'console-k-1', decidedAt: '2026-01-01T00:00:00Z' });
    repos.logs.refreshLocalState(id);
    repos.logs.upsert(fakeLog(3, { version: 2, detected_issue: 'changed on the server' }));
    expect(repos.logs.get(id)).toMatchObject({
      localState: 'queued',
      log: { version: 2, detected_issue: 'changed on the server' },
      pending: { decision: { action: 'approve' }, state: 'queued', lastError: null },
    });
    expect(list({ localState: ['queued'] }).items.map((i) => i.log.id)).toEqual([id]);
    expect(repos.logs.counts()).toMatchObject({ total: 600, byLocalState: { queued: 1, synced: 599 } });
  });
});

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return 0;
}
