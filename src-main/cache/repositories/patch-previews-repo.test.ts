import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PatchPreview } from '../../../src-shared/schemas/preview.js';
import { CacheDb } from '../cache-db.js';
import { fakeLog, uuidFor } from '../testing/fake-logs.js';
import { createRepositories } from './index.js';
import { AWAITING_DECISION_STATUSES } from './patch-previews-repo.js';

function statePreview(n: number, logVersion: number, after: Record<string, unknown> = { currency: 'XOF' }): PatchPreview {
  return {
    kind: 'state',
    log_id: uuidFor(n),
    log_version: logVersion,
    computed_at: '2026-02-01T10:00:00.000Z',
    base: 'reported_state',
    base_at: '2026-02-01T09:00:00.000Z',
    before: { currency: 'EUR' },
    after,
    changed_keys: ['currency'],
    unchanged_reason: null,
  };
}

function plugin(id: string, version: number) {
  return { id, merchant_id: 'm-1', cms: 'woocommerce', version, state: { currency: 'EUR' } };
}

describe('the patch previews repository', () => {
  let cleanup: (() => void) | undefined;
  afterEach(() => cleanup?.());

  function setUp() {
    const dir = mkdtempSync(join(tmpdir(), 'molam-previews-test-'));
    const repos = createRepositories(CacheDb.open({ file: join(dir, 'cache.sqlite') }));
    cleanup = () => {
      repos.cache.close();
      rmSync(dir, { recursive: true, force: true });
    };
    return repos;
  }

  it('keeps a preview current until the log’s version or its plugin row’s version moves on', () => {
    const repos = setUp();
    repos.entities.plugin.upsert(plugin('plugin-1', 3));
    repos.logs.upsert(fakeLog(1, { plugin_id: 'plugin-1', status: 'pending_review', version: 2 }));
    const changed: string[][] = [];
    repos.cache.onDidChangeTables((tables) => changed.push([...tables]));

    expect(repos.previews.put(statePreview(1, 2), { pluginVersion: repos.previews.pluginVersionOf(uuidFor(1)), fetchedAt: '2026-02-01T10:00:01.000Z' })).toBe(true);
    expect(changed).toEqual([['patch_previews']]);
    expect(repos.previews.get(uuidFor(1))).toMatchObject({ current: true, fetchedAt: '2026-02-01T10:00:01.000Z', preview: { kind: 'state', after: { currency: 'XOF' } } });

    repos.entities.plugin.upsert(plugin('plugin-1', 4));
    expect(repos.previews.get(uuidFor(1))?.current).toBe(false);
    expect(repos.previews.outdated(10)).toEqual([uuidFor(1)]);

    repos.previews.put(statePreview(1, 2), { pluginVersion: 4, fetchedAt: '2026-02-01T10:05:00.000Z' });
    expect(repos.previews.get(uuidFor(1))?.current).toBe(true);
    repos.logs.upsert(fakeLog(1, { plugin_id: 'plugin-1', status: 'pending_review', version: 3 }));
    expect(repos.previews.get(uuidFor(1))?.current).toBe(false);
  });

  it('never lets an answer for an older log version replace a newer cached preview', () => {
    const repos = setUp();
    repos.logs.upsert(fakeLog(1, { status: 'pending_review', version: 5 }));
    repos.previews.put(statePreview(1, 5, { currency: 'XOF' }), { pluginVersion: null, fetchedAt: '2026-02-01T10:00:00.000Z' });
    expect(repos.previews.put(statePreview(1, 4, { currency: 'USD' }), { pluginVersion: null, fetchedAt: '2026-02-01T10:01:00.000Z' })).toBe(false);
    expect(repos.previews.get(uuidFor(1))?.preview).toMatchObject({ log_version: 5, after: { currency: 'XOF' } });
  });

  it('lists the logs waiting for a decision without a current preview, the review queue first, most severe first, and only those', () => {
    const repos = setUp();
    expect(AWAITING_DECISION_STATUSES).toEqual(['proposed', 'pending_review', 'approved']);
    repos.logs.upsert(fakeLog(1, { status: 'pending_review', issue_severity: 'low' }));
    repos.logs.upsert(fakeLog(2, { status: 'approved', issue_severity: 'critical' }));
    repos.logs.upsert(fakeLog(3, { status: 'applied', issue_severity: 'critical' }));
    repos.logs.upsert(fakeLog(4, { status: 'proposed', issue_severity: 'high' }));
    repos.logs.upsert(fakeLog(5, { status: 'pending_review', issue_severity: 'high' }));
    repos.previews.put(statePreview(5, 1), { pluginVersion: repos.previews.pluginVersionOf(uuidFor(5)), fetchedAt: '2026-02-01T10:00:00.000Z' });

    repos.logs.upsert(fakeLog(6, { status: 'pending_review', issue_severity: 'critical' }));
    expect(repos.previews.outdated(10)).toEqual([uuidFor(6), uuidFor(1), uuidFor(4), uuidFor(2)]);
    expect(repos.previews.outdated(2)).toEqual([uuidFor(6), uuidFor(1)]);
    // Only the first logs of each status in the queue's order are looked at.
    expect(repos.previews.outdated(10, 1)).toEqual([uuidFor(6), uuidFor(4), uuidFor(2)]);
  });

  it('drops the previews of logs that left the cache, and empties with the synced tables on a resync', () => {
    const repos = setUp();
    repos.logs.upsert(fakeLog(1, { status: 'pending_review' }));
    repos.logs.upsert(fakeLog(2, { status: 'pending_review' }));
    for (const n of [1, 2]) repos.previews.put(statePreview(n, 1), { pluginVersion: null, fetchedAt: '2026-02-01T10:00:00.000Z' });
    repos.logs.delete(uuidFor(1));
    repos.previews.prune();
    expect(repos.previews.get(uuidFor(1))).toBeUndefined();
    expect(repos.previews.get(uuidFor(2))).toBeDefined();

    repos.syncState.resetSyncedData();
    expect(repos.previews.get(uuidFor(2))).toBeUndefined();
  });
});
