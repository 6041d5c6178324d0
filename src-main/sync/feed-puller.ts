import type { Change, ChangesResponse } from '../../src-shared/schemas/sync.js';
import type { BackendClient } from '../backend/backend-client.js';
import type { Repositories } from '../cache/repositories/index.js';
import { applyChanges, type SkippedChange } from './change-applier.js';

/** Changes written per SQLite transaction (each with its cursor, so a crash resumes after the last one). */
const CHUNK = 1000;
const FIRST_PAGE = 500;

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

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
 * Reads the change feed from the cached cursor to its end. Each page is applied in chunks, each in
 * one SQLite transaction together with the cursor of its last change, so a crash resumes where the
 * last chunk ended; the next page is fetched (and streams in) while the current one is written.
 */
export async function pullFeed(
  repos: Repositories,
  client: BackendClient,
  options: {
    pageSize: number;
    /** The first page's size (default 500); the next ones double up to `pageSize`. */
    firstPageSize?: number;
    signal?: AbortSignal;
    onProgress?: (progress: PullProgress) => void;
  },
): Promise<PullResult> {
  const start = repos.syncState.get();
  const phase = start.initialSyncDone ? 'incremental' : 'initial';
  // A first sync into an empty cache bulk-loads: indexes are rebuilt once at the end.
  const bulk = phase === 'initial' && start.cursor === 0;
  if (bulk) repos.initialLoad.begin();
  let cursor = start.cursor;
  let applied = 0;
  const skipped: SkippedChange[] = [];
  const fetchPage = (since: number, size: number) => {
    const page = client.changes(since, size, options.signal);
    page.catch(() => undefined); // awaited below; keeps a failed prefetch from being "unhandled"
    return page;
  };
  // Short first pages start the pipeline (and show the first rows) sooner than full ones would: each
  // page is asked for while the one before is written, so the sizes double up to the full page.
  let limit = Math.min(options.pageSize, options.firstPageSize ?? FIRST_PAGE);
  let next: Promise<ChangesResponse> | undefined = fetchPage(cursor, limit);
  let finished = false;
  try {
    while (next) {
      const page: ChangesResponse = await next;
      limit = Math.min(options.pageSize, limit * 2);
      next = page.has_more ? fetchPage(page.next_cursor, limit) : undefined;
      const changes = page.changes as Change[];
      for (let from = 0; from === 0 || from < changes.length; from += CHUNK) {
        const chunk = changes.slice(from, from + CHUNK);
        const lastChunk = from + CHUNK >= changes.length;
        const chunkCursor = lastChunk ? page.next_cursor : chunk.at(-1)!.cursor;
        const done = lastChunk && !page.has_more;
        const result = repos.cache.transaction(() => {
          const outcome = applyChanges(repos, chunk);
          repos.syncState.setCursor(chunkCursor, done);
          // A bulk load's indexes are rebuilt after its last commit (below); any other pull that ends
          // rebuilds those a load cut short left out.
          if (done && !bulk) repos.initialLoad.finish();
          return outcome;
        });
        cursor = chunkCursor;
        applied += result.applied;
        skipped.push(...result.skipped.slice(0, Math.max(0, 100 - skipped.length)));
        // Between chunks the event loop runs: the next page keeps streaming in, and the renderer's
        // requests are answered while a large sync is being written.
        if (!lastChunk) {
          await yieldToEventLoop();
          options.signal?.throwIfAborted();
        }
      }
      if (bulk && !page.has_more) {
        finished = true;
        // Not awaited: the sync is complete once committed; the indexes and the copy into the file
        // follow on a worker thread (see InitialLoad.complete).
        void repos.initialLoad.complete();
      }
      options.onProgress?.({ phase, applied, cursor, hasMore: page.has_more });
    }
  } finally {
    // A bulk load cut short (offline) resumes later without its indexes; the WAL must not grow unchecked meanwhile.
    if (bulk && !finished) repos.cache.sql.pragma('wal_autocheckpoint = 1000');
  }
  return { applied, skipped, cursor };
}
