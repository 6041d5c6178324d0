import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../../src-shared/ipc/contract.js';
import type { TriageFilters } from '../../../src-shared/ipc/triage.js';
import { CacheDb } from '../cache-db.js';
import { fakeLog, uuidFor } from '../testing/fake-logs.js';
import { whereClause } from './healing-logs-query.js';
import { createRepositories, type Repositories } from './index.js';

const RANK = { critical: 4, high: 3, medium: 2, low: 1 } as const;
const PENDING = Array.from({ length: 600 }, (_, n) => fakeLog(n)).filter((log) => log.status === 'pending_review').length;

describe('the read model of the cached logs', () => {
  let dir: string;
  let repos: Repositories;
  const page = (request: Record<string, unknown>) => repos.logQuery.page(IPC_CHANNELS['ops:triage.page'].request.parse(request));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'molam-triage-test-'));
    repos = createRepositories(CacheDb.open({ file: join(dir, 'cache.sqlite') }));
    repos.profiles.insert({ id: 'p1', name: 'test', url: 'http://x', embedded: false, createdAt: '2026-01-01T00:00:00Z' });
    repos.syncState.resetSyncedData('p1');
    repos.entities.plugin.upsert({ id: 'plugin-1', merchant_id: 'merchant-a', cms: 'shopify', cms_version: '2.4', plugin_version: '1.9.0', version: 1 });
    repos.cache.transaction(() => {
      for (let n = 0; n < 600; n++) repos.logs.upsert(fakeLog(n));
    });
  });
  afterEach(() => {
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('orders the queue by severity, then the longest waiting, then the least confident, across pages', () => {
    const filters = { status: ['pending_review'] };
    const first = page({ filters, sort: 'urgency', limit: 80 });
    const second = page({ filters, sort: 'urgency', limit: 80, offset: 80 });
    expect(first.total).toBe(PENDING);
    const rows = [...first.items, ...second.items].map((item) => item.log);
    expect(new Set(rows.map((r) => r.id)).size).toBe(160);
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!, rows[i]!];
      expect(b.status).toBe('pending_review');
      if (RANK[a.issue_severity] !== RANK[b.issue_severity]) expect(RANK[a.issue_severity]).toBeGreaterThan(RANK[b.issue_severity]);
      else expect(Date.parse(a.created_at)).toBeLessThanOrEqual(Date.parse(b.created_at));
    }
  });

  it('walks the urgency index for the whole urgency order, a severity filter included, without sorting', () => {
    const shapes: TriageFilters[] = [{ status: ['pending_review'] }, { status: ['pending_review'], severity: ['low'] }];
    for (const filters of shapes) {
      const { where, params } = whereClause(filters);
      const plan = repos.cache.sql
        .prepare(`EXPLAIN QUERY PLAN SELECT h.rowid FROM healing_logs h${where} ORDER BY h.severity_rank DESC, h.created_at ASC, h.confidence ASC, h.id LIMIT 50 OFFSET 900`)
        .all(...params) as { detail: string }[];
      const text = plan.map((step) => step.detail).join('\n');
      // Covering: skipping the offset reads index entries, never rows.
      expect(text).toMatch(/USING COVERING INDEX healing_logs_urgency_idx/);
      expect(text).not.toContain('TEMP B-TREE');
    }
  });

  it('reads a page deep in the queue in the same order as reading every row', () => {
    const all = page({ filters: { status: ['pending_review'] }, sort: 'urgency', limit: 100 }).items.map((i) => i.log.id);
    const deep = page({ filters: { status: ['pending_review'] }, sort: 'urgency', limit: 7, offset: 33 }).items.map((i) => i.log.id);
    expect(deep).toHaveLength(7);
    expect(deep).toEqual(all.slice(33, 40));
  });

  it('reads the same page without its total, saying whether another page follows', () => {
    const query = { filters: { status: ['pending_review'], severity: ['high', 'critical'] }, sort: 'newest', limit: 30, offset: 40 };
    const parsed = IPC_CHANNELS['ops:triage.page'].request.parse(query);
    const full = repos.logQuery.page(parsed);
    expect(repos.logQuery.slice(parsed)).toEqual({ items: full.items, hasMore: true });
    expect(repos.logQuery.slice({ ...parsed, offset: full.total - 30 }).hasMore).toBe(false);
  });

  it('filters by time range, confidence, platform and free text over issue and plugin', () => {
    const from = fakeLog(100).created_at;
    const to = fakeLog(200).created_at;
    const ranged = page({ filters: { createdFrom: from, createdTo: to }, sort: 'oldest', limit: 500 });
    expect(ranged.total).toBe(100);
    expect(ranged.items[0]!.log.id).toBe(uuidFor(100));

    const confident = page({ filters: { minConfidence: 90, maxConfidence: 95 }, sort: 'newest', limit: 500 });
    expect(confident.items.every((i) => i.log.sira_confidence >= 90 && i.log.sira_confidence <= 95)).toBe(true);
    expect(confident.total).toBe(confident.items.length);

    const shopify = page({ filters: { platform: ['shopify'] }, sort: 'newest', limit: 500 });
    expect(shopify.total).toBe(12);
    expect(shopify.items[0]!.plugin).toEqual({ merchantId: 'merchant-a', cmsVersion: '2.4', pluginVersion: '1.9.0' });

    expect(page({ filters: { q: "fee_123'" } }).items.map((i) => i.log.id)).toEqual([uuidFor(123)]);
    expect(page({ filters: { q: 'plugin-49' }, limit: 500 }).total).toBe(12);
    expect(page({ filters: { q: '100%' } }).total).toBe(0);
  });

  it('walks an index for each time order instead of sorting the table', () => {
    for (const sort of ['newest', 'oldest']) {
      const order = { newest: 'h.created_at DESC, h.id', oldest: 'h.created_at ASC, h.id DESC' }[sort];
      const plan = repos.cache.sql.prepare(`EXPLAIN QUERY PLAN SELECT h.id FROM healing_logs h ORDER BY ${order} LIMIT 100`).all() as Array<{ detail: string }>;
      const details = plan.map((p) => p.detail).join(' | ');
      expect([sort, details]).toEqual([sort, expect.stringMatching(/USING (COVERING )?INDEX healing_logs_/)]);
      expect(details).not.toMatch(/TEMP B-TREE/);
    }
  });

  it('filters by severity, confidence range, plugin, platform, local state and text', () => {
    const filtered = page({ filters: { severity: ['high', 'critical'], minConfidence: 20, maxConfidence: 60 }, limit: 500 }).items;
    expect(filtered.length).toBeGreaterThan(0);
    for (const { log } of filtered) {
      expect(['high', 'critical']).toContain(log.issue_severity);
      expect(log.sira_confidence).toBeGreaterThanOrEqual(20);
      expect(log.sira_confidence).toBeLessThanOrEqual(60);
    }
    const byPlugin = page({ filters: { pluginId: 'plugin-1' }, limit: 500 }).items;
    expect(byPlugin.length).toBe(12);
    expect(byPlugin.every((i) => i.platform === 'shopify')).toBe(true);
    expect(page({ filters: { platform: ['shopify'] }, limit: 500 }).items).toHaveLength(12);
    expect(page({ filters: { q: "'fee_42'" } }).items.map((i) => i.log.id)).toEqual([fakeLog(42).id]);
    expect(page({ filters: { q: '100%' } }).items).toEqual([]);
  });

  it('counts the matching logs per severity, every severity present', () => {
    const counts = repos.logQuery.severityCounts({ status: ['pending_review'] });
    expect(counts.total).toBe(PENDING);
    expect(Object.keys(counts.bySeverity).sort()).toEqual(['critical', 'high', 'low', 'medium']);
    expect(Object.values(counts.bySeverity).reduce((a, b) => a + b, 0)).toBe(PENDING);
  });

  it('tells where a log is in each order and filter, null when it does not match or is not cached', () => {
    const position = (request: Record<string, unknown>) => repos.logQuery.position(IPC_CHANNELS['ops:triage.position'].request.parse(request));
    for (const sort of ['urgency', 'newest', 'oldest'] as const) {
      const filters = { status: ['pending_review'] };
      const rows = page({ filters, sort, limit: 500 }).items;
      for (const index of [0, 1, 37, rows.length - 1]) {
        expect(position({ filters, sort, id: rows[index]!.log.id })).toEqual({ index, row: rows[index] });
      }
    }
    const approved = page({ filters: { status: ['approved'] }, limit: 1 }).items[0]!;
    expect(position({ filters: { status: ['pending_review'] }, id: approved.log.id })).toEqual({ index: null, row: approved });
    expect(position({ filters: {}, id: uuidFor(99_999) })).toEqual({ index: null, row: null });
  });

  it('reads logs by id in the order asked, leaving out unknown ids', () => {
    const ids = [uuidFor(5), uuidFor(99_999), uuidFor(2)];
    expect(repos.logQuery.byIds(ids).items.map((i) => i.log.id)).toEqual([uuidFor(5), uuidFor(2)]);
  });
});
