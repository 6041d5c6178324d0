import { z } from 'zod';

/** The cache's tables filled from the backend (emptied when the cache is reset or the profile changes). */
export const SYNCED_CACHE_TABLES = [
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
  /** Each log's patch preview, fetched from the backend for a log version. */
  'patch_previews',
  /** The SDK errors no patch answered (7 days), from the backend's field figures. */
  'unpatched_lookups',
  /** When the field figures and the runbook were computed and received (the runbook's tables with it). */
  'field_snapshots',
  /** The latest staged rollout of each SDK patch (its pending state with it). */
  'patch_rollouts',
  /** The runbook's alerts as the backend last evaluated them. */
  'self_heal_alerts',
  /** When the rollouts and the alerts were computed and received. */
  'rollout_snapshots',
] as const;

/**
 * Every table of the console's cache that its queries read. The main process names these in
 * `cache.changed`; the renderer's queries declare which of them they read, so a change refetches
 * exactly the queries that read a changed table.
 */
export const CACHE_TABLES = ['profiles', 'sync_state', ...SYNCED_CACHE_TABLES, 'outbox', 'conflicts', 'patch_drafts'] as const;
export const CacheTableSchema = z.enum(CACHE_TABLES);
export type CacheTable = z.infer<typeof CacheTableSchema>;
