import { z } from 'zod';
import type { SyncEntitySchema } from '../../../src-shared/schemas/sync.js';
import type { CacheTable } from '../tables.js';

const UTC_TEXT = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(?:Z|\+00:00|\+00)$/;

/**
 * Timestamps arrive as PostgreSQL's JSON text ("…T10:00:00.123456+00:00") or as ISO strings
 * ("…T10:00:00.123Z"); sortable columns hold one form, ISO with milliseconds. UTC text (what the
 * server sends) is rewritten without a Date; anything else goes through Date.
 */
export function normalizeTimestamp(value: string): string {
  const utc = UTC_TEXT.exec(value);
  if (utc) return `${utc[1]}.${(utc[2] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
  const time = Date.parse(value);
  return Number.isNaN(time) ? value : new Date(time).toISOString();
}

const Id = z.string().min(1).max(200);
const Time = z.string().min(1).transform(normalizeTimestamp);
const Version = z.number().int();

/**
 * How a synced entity (other than healing logs, which have their own repository) is cached: its
 * table, the columns kept beside the JSON row, and a schema that checks and extracts them. The
 * whole server row is kept as JSON so fields the console does not index survive unchanged.
 */
export interface EntitySpec<Columns extends Record<string, unknown> = Record<string, unknown>> {
  table: CacheTable;
  /** Checks the server row and picks the indexed columns (in `columns` order). */
  schema: z.ZodType<Columns>;
  columns: readonly (keyof Columns & string)[];
  /** Skip an update that carries the cached `version` or an older one (rows whose version only grows); other rows skip an identical one. */
  guardVersion: boolean;
}

function spec<S extends z.ZodType<Record<string, unknown>>>(
  table: CacheTable,
  schema: S,
  columns: readonly (keyof z.output<S> & string)[],
  guardVersion = true,
): EntitySpec {
  return { table, schema: schema as unknown as z.ZodType<Record<string, unknown>>, columns, guardVersion };
}

const bool = z.boolean().transform((b) => (b ? 1 : 0));

export const ENTITY_SPECS: Record<Exclude<z.infer<typeof SyncEntitySchema>, 'healing_log'>, EntitySpec> = {
  plugin: spec(
    'plugins',
    z.looseObject({ id: Id, merchant_id: z.string(), cms: z.string(), version: Version }),
    ['id', 'merchant_id', 'cms', 'version'],
  ),
  snapshot: spec(
    'snapshots',
    z.looseObject({ id: Id, plugin_id: z.string(), healing_log_id: z.string().nullable(), created_at: Time, version: Version }),
    ['id', 'plugin_id', 'healing_log_id', 'created_at', 'version'],
  ),
  command: spec(
    'commands',
    z.looseObject({
      id: Id,
      plugin_id: z.string(),
      healing_log_id: z.string().nullable(),
      status: z.string(),
      created_at: Time,
      version: Version,
    }),
    ['id', 'plugin_id', 'healing_log_id', 'status', 'created_at', 'version'],
  ),
  rule: spec('rules', z.looseObject({ id: Id, name: z.string(), active: bool, version: Version }), ['id', 'name', 'active', 'version']),
  pause: spec(
    'pauses',
    z
      .looseObject({ id: Id, rule_id: z.string(), plugin_id: z.string(), resumed_at: z.string().nullable(), version: Version })
      .transform((p) => ({ ...p, active: p.resumed_at === null ? 1 : 0 })),
    ['id', 'rule_id', 'plugin_id', 'active', 'version'],
  ),
  approval_policy: spec('approval_policy', z.looseObject({ id: Id, version: Version }), ['id', 'version']),
  mapping: spec('mappings', z.looseObject({ id: Id, platform: z.string(), version: Version }), ['id', 'platform', 'version']),
  // A patch's `version` is its newest version number, not a row version: approving, deactivating and
  // reactivating change the row without moving it, so the feed order alone decides.
  sdk_patch: spec(
    'sdk_patches',
    z.looseObject({ id: Id, sdk_language: z.string(), active: bool, version: Version }),
    ['id', 'sdk_language', 'active', 'version'],
    false,
  ),
  // `version` is the patch's version number, not a row version: versions are immutable once active
  // and their status moves in feed order, so the feed order alone decides.
  sdk_patch_version: spec(
    'sdk_patch_versions',
    z.looseObject({ id: Id, patch_id: z.string(), version: Version, status: z.string() }),
    ['id', 'patch_id', 'version', 'status'],
    false,
  ),
};
