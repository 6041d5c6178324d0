import { join } from 'node:path';
import type { HealingLog } from '../../src-shared/schemas/autoheal.js';
import { HEALING_STATUSES } from '../../src-shared/domain/healing-state.js';
import { PLATFORMS } from '../../src-shared/schemas/common.js';
import { CacheDb } from '../../src-main/cache/cache-db.js';
import { createRepositories } from '../../src-main/cache/repositories/index.js';
import { fakeLog } from '../../src-main/cache/testing/fake-logs.js';

export const BENCH_PROFILE_ID = 'bench-offline';
/** A loopback port nothing listens on: the console starts offline and stays so. */
export const OFFLINE_BACKEND_URL = 'http://127.0.0.1:9';
const PLUGINS = 200;
const DAY_MS = 86_400_000;

/**
 * Fills `<dataDir>/cache.sqlite` with `count` healing logs through the cache's own migrations and
 * repositories, as if a sync had finished, for a profile whose backend is unreachable. Logs spread
 * over the last 90 days; a third wait for review.
 */
export async function seedCache(dataDir: string, count: number, now = Date.now()): Promise<void> {
  const cache = CacheDb.open({ file: join(dataDir, 'cache.sqlite') });
  try {
    const repos = createRepositories(cache);
    repos.profiles.insert({ id: BENCH_PROFILE_ID, name: 'Offline benchmark backend', url: OFFLINE_BACKEND_URL, embedded: false, createdAt: new Date(now).toISOString() });
    repos.syncState.resetSyncedData(BENCH_PROFILE_ID);
    repos.initialLoad.begin();
    cache.transaction(() => {
      for (let p = 0; p < PLUGINS; p++) {
        repos.entities.plugin.upsert({ id: `plugin-${p}`, merchant_id: `merchant-${p % 40}`, cms: PLATFORMS[p % PLATFORMS.length]!, version: 1 });
      }
      for (let n = 0; n < count; n++) repos.logs.upsert(benchLog(n, count, now));
      repos.syncState.setCursor(count, true);
      repos.initialLoad.finish();
    });
    await repos.initialLoad.complete();
  } finally {
    cache.close();
  }
}

function benchLog(n: number, count: number, now: number): HealingLog {
  const created = new Date(now - Math.floor((n / count) * 90 * DAY_MS) - 1000).toISOString();
  const confidence = (n * 37) % 101;
  // Higher confidence ends well more often, so the calibration chart has a shape.
  const status = n % 3 === 0 ? 'pending_review' : (n * 7919) % 100 < confidence ? 'applied' : HEALING_STATUSES[n % HEALING_STATUSES.length]!;
  return fakeLog(n, { plugin_id: `plugin-${n % PLUGINS}`, sira_confidence: confidence, status, created_at: created, updated_at: created });
}
