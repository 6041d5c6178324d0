import type { Change, ChangesResponse } from '../../src-shared/schemas/sync.js';
import type { BackendClient } from '../backend/backend-client.js';
import type { Repositories } from '../cache/repositories/index.js';
import { applyChanges, type SkippedChange } from './change-applier.js';

export interface PullProgress {
  phase: 'initial' | 'incremental';
  applied: number;
  cursor: number;
  hasMore: boolean;
}

export interface PullResult {
  applied: number;
  skipped: SkippedChange[];
  cursor: number;
}

/**
 * Reads the change feed from the cached cursor to its end. Each page is applied in one SQLite
 * transaction together with the new cursor, so a crash resumes where the last page ended; the next
 * page is fetched while the current one is written.
 */
export async function pullFeed(
  repos: Repositories,
  client: BackendClient,
  options: { pageSize: number; signal?: AbortSignal; onProgress?: (progress: PullProgress) => void },
): Promise<PullResult> {
  const start = repos.syncState.get();
  const phase = start.initialSyncDone ? 'incremental' : 'initial';
  // A first sync into an empty cache bulk-loads: indexes are rebuilt once at the end.
  const bulk = phase === 'initial' && start.cursor === 0;
  if (bulk) repos.bulkLoad.begin();
  let cursor = start.cursor;
  let applied = 0;
  const skipped: SkippedChange[] = [];
  const fetchPage = (since: number) => {
    const page = client.changes(since, options.pageSize, options.signal);
    page.catch(() => undefined); // awaited below; keeps a failed prefetch from being "unhandled"
    return page;
  };
  let next: Promise<ChangesResponse> | undefined = fetchPage(cursor);
  let finished = false;
  try {
    while (next) {
      const page: ChangesResponse = await next;
      next = page.has_more ? fetchPage(page.next_cursor) : undefined;
      const result = repos.cache.transaction(() => {
        const outcome = applyChanges(repos, page.changes as Change[]);
        repos.syncState.setCursor(page.next_cursor, !page.has_more);
        if (!page.has_more) repos.bulkLoad.finish();
        return outcome;
      });
      if (bulk && !page.has_more) {
        finished = true;
        repos.bulkLoad.checkpoint();
      }
      cursor = page.next_cursor;
      applied += result.applied;
      skipped.push(...result.skipped.slice(0, Math.max(0, 100 - skipped.length)));
      options.onProgress?.({ phase, applied, cursor, hasMore: page.has_more });
    }
  } finally {
    // A bulk load cut short (offline) resumes later without its indexes; the WAL must not grow unchecked meanwhile.
    if (bulk && !finished) repos.cache.sql.pragma('wal_autocheckpoint = 1000');
  }
  return { applied, skipped, cursor };
}
