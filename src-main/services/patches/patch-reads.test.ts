import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PatchListFiltersSchema, type PATCH_SORT_COLUMNS } from '../../../src-shared/ipc/patches.js';
import { CacheDb, DEFAULT_MIGRATIONS_DIR } from '../../cache/cache-db.js';
import { createRepositories } from '../../cache/repositories/index.js';
import { fakeLog } from '../../cache/testing/fake-logs.js';
import { openTestCache } from '../../sync/testing/fixtures.js';
import { DecisionService } from '../decision-service.js';
import { healingLogsCsv, runbookCsv } from './csv-exports.js';
import { DraftService, literalPattern } from './draft-service.js';
import { PatchListService } from './patch-list-service.js';
import { cacheFakePatches, fakePatch, fakeStats } from './testing/fake-patches.js';

const caches: Array<ReturnType<typeof openTestCache>> = [];
function cache() {
  const opened = openTestCache();
  caches.push(opened);
  return opened;
}
afterEach(() => {
  for (const opened of caches.splice(0)) opened.close();
});

type Column = (typeof PATCH_SORT_COLUMNS)[number];
const request = (filters: Record<string, unknown> = {}, column: Column = 'last_change_at', direction: 'asc' | 'desc' = 'desc') => ({
  filters: PatchListFiltersSchema.parse(filters),
  sort: { column, direction },
});
const numbers = (ids: readonly string[]) => ids.map((id) => Number.parseInt(id.slice(-12), 16));
const range = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

describe('the Patches list', () => {
  it('shows each patch’s state, active and pending versions, figures and alerts, with the figures’ age', () => {
    const { repos } = cache();
    cacheFakePatches(repos, 30);
    const list = new PatchListService(repos).list(request());
    expect(list.total).toBe(30);
    expect(list.stats).toEqual({ computedAt: '2026-01-03T00:00:00.000Z', refreshedAt: '2026-01-03T00:00:05.000Z' });
    const byNumber = new Map(list.rows.map((row) => [numbers([row.id])[0]!, row]));
    expect(byNumber.get(3)).toMatchObject({ state: 'active', active_version: 1, pending_version: 2, match_summary: 'status 429 · error_code code_3', localState: 'synced' });
    expect(byNumber.get(4)).toMatchObject({ state: 'in_review', active_version: null, pending_version: 1 });
    expect(byNumber.get(15)).toMatchObject({ state: 'deactivated' });
    expect(byNumber.get(17)!.stats).toEqual(fakeStats(17));
    for (const row of list.rows) {
      const stats = fakeStats(numbers([row.id])[0]!);
      expect(row.alerts.includes('rollback_rate')).toBe(stats.rollback_rate_24h !== null && stats.rollback_rate_24h > 0.2);
      expect(row.alerts.includes('failure_rate')).toBe(stats.failure_rate_1h !== null && stats.failure_rate_1h > 0.5);
    }
  });

  it('filters by language, state, literal search and runbook alert, and sorts by any figure with missing ones last', () => {
    const { repos } = cache();
    cacheFakePatches(repos, 60);
    const service = new PatchListService(repos);
    const ids = (filters: Record<string, unknown>, column?: Column, direction?: 'asc' | 'desc') => numbers(service.list(request(filters, column, direction)).rows.map((r) => r.id));

    expect(ids({ languages: ['python'] }).sort((a, b) => a - b)).toEqual(range(60).filter((n) => fakePatch(n).patch.sdk_language === 'python'));
    expect(ids({ states: ['deactivated'] }).sort((a, b) => a - b)).toEqual(range(60).filter((n) => n % 5 === 0));
    // Literal and case-insensitive: "(" is not a pattern.
    expect(ids({ search: 'e1 (RATE' })).toEqual([1]);
    expect(ids({ search: 'code_42' })).toEqual([42]);
    const rollback = range(60).filter((n) => (fakeStats(n).rollback_rate_24h ?? 0) > 0.2);
    expect(rollback.length).toBeGreaterThan(0);
    expect(ids({ alert: 'rollback_rate' }).sort((a, b) => a - b)).toEqual(rollback);
    const any = range(60).filter((n) => (fakeStats(n).rollback_rate_24h ?? 0) > 0.2 || (fakeStats(n).failure_rate_1h ?? 0) > 0.5);
    expect(ids({ alert: 'any' }).sort((a, b) => a - b)).toEqual(any);

    const byRate = ids({}, 'rollback_rate_24h', 'asc');
    const rates = byRate.map((n) => fakeStats(n).rollback_rate_24h);
    const firstNull = rates.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(rates.slice(firstNull).every((r) => r === null)).toBe(true);
    expect(rates.slice(0, firstNull)).toEqual([...rates.slice(0, firstNull)].sort((a, b) => a! - b!));
    const desc = ids({}, 'applications_7d', 'desc').map((n) => fakeStats(n).applications_7d);
    expect(desc).toEqual([...desc].sort((a, b) => b - a));
  });

  it('shows a decision queued on a patch or on one of its versions, and is rebuilt after the change', () => {
    const { repos, profileId } = cache();
    cacheFakePatches(repos, 6);
    const service = new PatchListService(repos);
    const id3 = fakePatch(3).patch.id;
    expect(service.list(request()).rows.find((r) => r.id === id3)!.localState).toBe('synced');
    const decisions = new DecisionService(repos, () => profileId, () => undefined);
    decisions.queue('patch_review', fakePatch(3).versions[1]!.id, { action: 'reject', patchId: id3, version: 2, reason: 'no' });
    expect(service.list(request()).rows.find((r) => r.id === id3)!.localState).toBe('queued');
    expect(repos.patches.version(id3, 2)!.localState).toBe('queued');
  });
});

describe('patch drafts', () => {
  it('start blank, from a registry patch’s active version, or from an unanswered error, and survive a restart', () => {
    const opened = cache();
    cacheFakePatches(opened.repos, 3);
    const decisions = new DecisionService(opened.repos, () => opened.profileId, () => undefined);
    const drafts = new DraftService(opened.repos, decisions, { deliver: async () => [] });
    const blank = drafts.create({});
    expect(JSON.parse(blank.text)).toMatchObject({ sdk_language: 'node', severity: 'medium', actions: [] });
    const next = drafts.create({ patchId: fakePatch(3).patch.id });
    expect(next).toMatchObject({ patchId: fakePatch(3).patch.id, baseVersion: 1 });
    expect(JSON.parse(next.text)).toMatchObject({ error_signature: 'E3 (rate limited)', match: { error_code: 'code_3' } });
    const saved = drafts.save(next.id, '{\n  "sdk_language": "node",\n  "oops"\n}', 'note');
    expect(saved.problems[0]).toMatchObject({ line: expect.any(Number) });
    expect(saved.draft).toMatchObject({ changeNote: 'note', text: expect.stringContaining('oops') });

    opened.repos.cache.close();
    const reopened = createRepositories(CacheDb.open({ file: opened.file }));
    const again = new DraftService(reopened, decisions, { deliver: async () => [] });
    expect(again.list().drafts.map((d) => d.id).sort()).toEqual([blank.id, next.id].sort());
    expect(again.get(next.id)).toMatchObject({ changeNote: 'note', text: expect.stringContaining('oops') });
    expect(again.delete(blank.id)).toEqual({ deleted: true });
    reopened.cache.close();
    opened.repos = createRepositories(CacheDb.open({ file: opened.file }));
  });

  it('are locked while their submission is pending, and given back for editing once a refused submission is dismissed', async () => {
    const { repos, profileId } = cache();
    const decisions = new DecisionService(repos, () => profileId, () => undefined);
    const drafts = new DraftService(repos, decisions, { deliver: async () => [{ status: 'queued', reason: 'no_session', detail: null }] });
    const draft = drafts.create({});
    const body = { sdk_language: 'node', error_signature: 'E', description: 'D', severity: 'low', match: { status: 429 }, actions: [{ type: 'respect_retry_after' }] };
    drafts.save(draft.id, JSON.stringify(body), 'note');
    const submitted = await drafts.submit(draft.id, 'because');
    if (!submitted.ok) throw new Error('the draft was refused');
    expect(submitted.receipt).toMatchObject({ patchId: null, delivery: { status: 'queued', reason: 'no_session' } });
    expect(drafts.get(draft.id)).toMatchObject({ submittedAt: expect.any(String), changeNote: 'because' });
    expect(() => drafts.save(draft.id, '{}', '')).toThrow(/submitted for review/);
    expect(() => drafts.delete(draft.id)).toThrow(/still in the outbox/);

    repos.outbox.markRejected(submitted.receipt.outboxId, 'refused by the backend', new Date().toISOString());
    expect(repos.drafts.get(draft.id)!.localState).toBe('rejected');
    repos.outbox.delete(submitted.receipt.outboxId);
    expect(drafts.save(draft.id, JSON.stringify(body), 'again').draft).toMatchObject({ submittedAt: null, changeNote: 'again' });
  });

  it('escape an error message into a literal pattern no longer than the format allows', () => {
    expect(literalPattern('Amount must be > 0.00 (got $-1) [x]')).toBe('Amount must be > 0\\.00 \\(got \\$-1\\) \\[x\\]');
    expect(literalPattern('.'.repeat(150))).toBe('\\.'.repeat(100));
    expect(new RegExp(literalPattern('a+b (c)?')).test('xx a+b (c)? yy')).toBe(true);
  });
});

describe('CSV exports', () => {
  it('write a runbook table with a BOM, a header of column names and the exact figures', () => {
    const runbook = {
      computed_at: '2026-01-03T10:20:30.456Z',
      most_used: [{ patch_id: fakePatch(1).patch.id, sdk_language: 'node', error_signature: 'E1, "quoted"', description: 'désactivé', applications: 12, success_rate: 0.9166666666666666 }],
      rollback_rates: [],
      errors_per_developer: [],
      active_patches: 7,
      failing_last_hour: [],
      unpatched_errors: [],
    };
    const most = runbookCsv(runbook, 'most_used');
    expect(most.filename).toBe('runbook-most-used-20260103-102030.csv');
    expect(most.csv).toBe(
      `\uFEFFpatch_id,sdk_language,error_signature,description,applications,success_rate\r\n${fakePatch(1).patch.id},node,"E1, ""quoted""",désactivé,12,0.9166666666666666\r\n`,
    );
    expect(runbookCsv(runbook, 'active_patches').csv).toBe('\uFEFFactive_patches\r\n7\r\n');
    expect(runbookCsv(runbook, 'rollback_rates').csv).toBe('\uFEFFpatch_id,description,total_applications,rollbacks,rollback_rate\r\n');
    expect(() => runbookCsv(null, 'most_used')).toThrow(/not been fetched/);
  });

  it('write every healing log the triage filters match, in the triage order', () => {
    const { repos } = cache();
    repos.cache.transaction(() => {
      for (let n = 1; n <= 2_500; n++) repos.logs.upsert(fakeLog(n));
    });
    const filters = { status: ['pending_review' as const] };
    const exported = healingLogsCsv(repos, filters, 'urgency', new Date('2026-02-01T00:00:00Z'));
    const page = repos.logQuery.page({ filters, sort: 'urgency', limit: 500, offset: 0 });
    expect(exported.rows).toBe(page.total);
    expect(page.total).toBeGreaterThan(500);
    const lines = exported.csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]!.split(',').slice(0, 4)).toEqual(['id', 'plugin_id', 'platform', 'status']);
    expect(lines).toHaveLength(page.total + 1);
    expect(lines.slice(1, 501).map((line) => line.split(',')[0])).toEqual(page.items.map((item) => item.log.id));
    expect(exported.filename).toBe('healing-logs-20260201-000000.csv');
  });
});

describe('cache migration 0009', () => {
  it('keeps the cached registry rows and field figures, and adds the pending state and the drafts table', () => {
    const opened = cache();
    const migrations = join(opened.dir, 'migrations');
    mkdirSync(migrations);
    for (const name of readdirSync(DEFAULT_MIGRATIONS_DIR)) if (name < '0009') copyFileSync(join(DEFAULT_MIGRATIONS_DIR, name), join(migrations, name));
    const file = join(opened.dir, 'old.sqlite');
    const before = CacheDb.open({ file, migrationsDir: migrations });
    const { patch } = fakePatch(3);
    before.sql.prepare('INSERT INTO sdk_patches (id, sdk_language, active, version, data) VALUES (?, ?, 1, 2, ?)').run(patch.id, patch.sdk_language, JSON.stringify(patch));
    before.sql.prepare("INSERT INTO patch_stats (patch_id, data, refreshed_at) VALUES (?, ?, '2026-01-01T00:00:00.000Z')").run(patch.id, JSON.stringify(fakeStats(3)));
    before.close();
    rmSync(migrations, { recursive: true });

    const after = createRepositories(CacheDb.open({ file }));
    expect(after.patches.patch(patch.id)).toEqual({ patch, localState: 'synced' });
    expect(after.cache.sql.prepare('SELECT patch_id, computed_at, refreshed_at FROM patch_stats').all()).toEqual([
      { patch_id: patch.id, computed_at: '2026-01-01T00:00:00.000Z', refreshed_at: '2026-01-01T00:00:00.000Z' },
    ]);
    expect(after.fieldStats.statsOf(patch.id)).toEqual(fakeStats(3));
    expect(after.drafts.open()).toEqual([]);
    after.cache.close();
  });
});
