import { SYNCED_CACHE_TABLES, type CacheTable } from '../../src-shared/ipc/cache-tables.js';

export { CACHE_TABLES, type CacheTable } from '../../src-shared/ipc/cache-tables.js';

/** Tables filled from the backend (emptied when the cache is reset or the profile changes). */
export const SYNCED_TABLES = SYNCED_CACHE_TABLES;

/** Local-only tables that hold the user's work: carried over when a broken cache file is rebuilt. */
export const DURABLE_TABLES = ['profiles', 'outbox', 'conflicts', 'patch_drafts'] as const satisfies readonly CacheTable[];
