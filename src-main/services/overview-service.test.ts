import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { confidenceBuckets, thresholdWhatIf } from '../../src-shared/analytics/confidence.js';
import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import { CacheDb } from '../cache/cache-db.js';
import { createRepositories, type Repositories } from '../cache/repositories/index.js';
import { fakeLog } from '../cache/testing/fake-logs.js';
import { OverviewService } from './overview-service.js';

const NOW = Date.parse('2026-03-31T12:00:00.000Z');
const daysAgo = (days: number) => new Date(NOW - days * 86_400_000).toISOString();

describe('the overview over the cached healing logs', () => {
  let dir: string;
  let repos: Repositories;
  let service: OverviewService;
  let n = 0;
  const add = (overrides: Partial<HealingLog>) => repos.logs.upsert(fakeLog(n++, overrides));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'molam-overview-test-'));
    repos = createRepositories(CacheDb.open({ file: join(dir, 'cache.sqlite') }));
    service = new OverviewService(repos.cache, () => NOW);
    repos.cache.transaction(() => {
      add({ status: 'applied', sira_confidence: 95, created_at: daysAgo(1) });
      add({ status: 'applied', sira_confidence: 91.7, created_at: daysAgo(2) });
      add({ status: 'rolled_back', sira_confidence: 90, created_at: daysAgo(2) });
      add({ status: 'failed', sira_confidence: 40, created_at: daysAgo(5) });
      add({ status: 'pending_review', sira_confidence: 60, created_at: daysAgo(6) });
      add({ status: 'applied', sira_confidence: 80, created_at: daysAgo(20) });
      add({ status: 'failed', sira_confidence: 100, created_at: daysAgo(60) });
      add({ status: 'applied', sira_confidence: 10, created_at: daysAgo(200) });
    });
  });
  afterEach(() => {
    repos.cache.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts the stat cards over the chosen period only', () => {
    const week = service.get(7);
    expect(week.since).toBe(daysAgo(7));
    expect(week.stats).toEqual({
      total: 5,
      applied: 2,
      rolled_back: 1,
      failed: 1,
      pending_review: 1,
      avg_confidence: 75.34,
      success_rate: 50,
    });
    expect(service.get(30).stats).toMatchObject({ total: 6, applied: 3, success_rate: 60 });
    expect(service.get(90).stats).toMatchObject({ total: 7, failed: 2, success_rate: 50 });
  });

  it('aggregates a confidence histogram the calibration and what-if are computed from', () => {
    const { histogram } = service.get(90);
    expect(histogram.find((r) => r.confidence === 91)).toEqual({ confidence: 91, applied: 1, rolled_back: 0, failed: 0, open: 0 });
    expect(histogram.find((r) => r.confidence === 100)).toMatchObject({ failed: 1 });
    const buckets = confidenceBuckets(histogram);
    expect(buckets[9]).toMatchObject({ applied: 2, rolled_back: 1, failed: 1, successRate: 0.5 });
    expect(thresholdWhatIf(histogram, 85)).toMatchObject({ wouldAutoApply: 4, wouldWaitForReview: 3, failuresAbove: 2 });
  });

  it('groups outcomes per day in order', () => {
    const { timeline } = service.get(7);
    expect(timeline.map((d) => d.day)).toEqual([daysAgo(6), daysAgo(5), daysAgo(2), daysAgo(1)].map((t) => t.slice(0, 10)));
    expect(timeline.find((d) => d.day === daysAgo(2).slice(0, 10))).toMatchObject({ applied: 1, rolled_back: 1 });
  });

  it('answers with empty numbers when the period holds no log', () => {
    const empty = new OverviewService(repos.cache, () => Date.parse('2030-01-01T00:00:00Z'));
    const result = empty.get(7);
    expect(result.stats).toEqual({ total: 0, applied: 0, rolled_back: 0, failed: 0, pending_review: 0, avg_confidence: null, success_rate: null });
    expect(result.histogram).toEqual([]);
    expect(result.timeline).toEqual([]);
  });
});
