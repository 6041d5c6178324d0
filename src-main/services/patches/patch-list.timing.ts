// A local timing check of the Patches list on 5,000 cached patches (not a unit test):
//   npx tsx src-main/services/patches/patch-list.timing.ts
import { performance } from 'node:perf_hooks';
import { PatchListFiltersSchema, type PATCH_SORT_COLUMNS } from '../../../src-shared/ipc/patches.js';
import { openTestCache } from '../../sync/testing/fixtures.js';
import { PatchListService } from './patch-list-service.js';
import { cacheFakePatches } from './testing/fake-patches.js';

const cache = openTestCache();
cacheFakePatches(cache.repos, 5_000);
const service = new PatchListService(cache.repos);
type Column = (typeof PATCH_SORT_COLUMNS)[number];
const request = (filters: Record<string, unknown>, column: Column = 'last_change_at', direction: 'asc' | 'desc' = 'desc') => ({
  filters: PatchListFiltersSchema.parse(filters),
  sort: { column, direction },
});
const changed = () => cache.repos.cache.transaction(() => cache.repos.cache.touched('sdk_patches'));
const cases: Array<[string, ReturnType<typeof request>, boolean]> = [
  ['first read (rows built)', request({}), false],
  ['after a change to the registry (rows rebuilt)', request({}), true],
  ['no filter', request({}), false],
  ['search "rate"', request({ search: 'rate' }), false],
  ['python, in review', request({ languages: ['python'], states: ['in_review'] }), false],
  ['rollback alert, by rollback rate', request({ alert: 'rollback_rate' }, 'rollback_rate_24h'), false],
  ['sorted by applications', request({}, 'applications_7d', 'asc'), false],
];
for (const [name, query, rebuild] of cases) {
  const times: number[] = [];
  for (let i = 0; i < (name.startsWith('first') ? 1 : 20); i++) {
    if (rebuild) changed();
    const start = performance.now();
    service.list(query);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`${name}: median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms`);
}
service.dispose();
cache.close();
