import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from '../../../src-shared/ipc/contract.js';
import { CacheDb } from '../cache-db.js';
import { fakeLog } from '../testing/fake-logs.js';
import { createRepositories, type Repositories } from './index.js';

describe('cached healing logs', () => {
  let dir: string;
  let repos: Repositories;
  const page = (request: Record<string, unknown>) => repos.logQuery.page(IPC_CHANNELS['ops:triage.page'].request.parse(request));
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

  it('learns a plugin platform after its logs arrived and keeps a queued decision visible through updates', () => {
    repos.entities.plugin.upsert({ id: 'plugin-2', merchant_id: 'm', cms: 'magento', version: 1 });
    // the applier does this when a plugin's CMS changes; here by hand
    repos.logs.setPlatformForPlugin('plugin-2', 'magento');
    expect(repos.logs.get(fakeLog(2).id)?.platform).toBe('magento');

    const id = fakeLog(3).id;
    repos.outbox.add({ profileId: 'p1', kind: 'log', targetId: id, decision: { action: 'approve' }, baseVersion: 1, idempotencyKey: 'console-k-1', decidedAt: '2026-01-01T00:00:00Z' });
    repos.logs.upsert(fakeLog(3, { version: 2, detected_issue: 'changed on the server' }));
    expect(repos.logs.get(id)).toMatchObject({
      localState: 'queued',
      log: { version: 2, detected_issue: 'changed on the server' },
      pending: { decision: { action: 'approve' }, state: 'queued', lastError: null },
    });
    expect(page({ filters: { localState: ['queued'] } }).items.map((i) => i.log.id)).toEqual([id]);
    expect(repos.logQuery.counts()).toMatchObject({ total: 600, byLocalState: { queued: 1, synced: 599 } });
  });
});
