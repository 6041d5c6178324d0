/** Every table of the cache the console's queries read; `cache.changed` names these. */
export const CACHE_TABLES = [
  'profiles',
  'sync_state',
  'healing_logs',
  'plugins',
  'snapshots',
  'commands',
  'rules',
  'pauses',
  'approval_policy',
  'mappings',
  'sdk_patches',
  'sdk_patch_versions',
  'patch_stats',
  'outbox',
  'conflicts',
] as const;
export type CacheTable = (typeof CACHE_TABLES)[number];

/** Tables filled from the backend (emptied when the cache is reset or the profile changes). */
export const SYNCED_TABLES = [
  'healing_logs',
  'plugins',
  'snapshots',
  'commands',
  'rules',
  'pauses',
  'approval_policy',
  'mappings',
  'sdk_patches',
  'sdk_patch_versions',
  'patch_stats',
] as const satisfies readonly CacheTable[];

/** Local-only tables that hold the user's work: carried over when a broken cache file is rebuilt. */
export const DURABLE_TABLES = ['profiles', 'outbox', 'conflicts'] as const satisfies readonly CacheTable[];
