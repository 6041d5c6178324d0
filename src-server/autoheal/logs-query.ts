import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import {
  AutohealStatsSchema,
  LogDetailSchema,
  LogIdParamsSchema,
  LogsPageSchema,
  LogsQuerySchema,
  StatsQuerySchema,
  type HealingLog,
  type LogsQuery,
  type Snapshot,
} from '../../src-shared/schemas/autoheal.js';
import type { Command } from '../../src-shared/schemas/commands.js';
import type { Plugin } from '../../src-shared/schemas/plugins.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { assertPluginAccess, type Principal } from '../http/auth.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { notFound } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { getPlugin } from '../plugins/repository.js';

const TAGS = ['autoheal'];
const READERS = [...STAFF_ROLES, 'merchant'] as const;

/** `%`, `_` and the escape character itself match literally in the `q` filter. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

function cursorId(cursor: string | undefined): string | null {
  if (cursor === undefined) return null;
  return decodeCursor(cursor, 'query.cursor', CURSOR.id)[0];
}

/**
 * One page of healing logs, newest first. Merchants see only their own plugins' logs. The cursor
 * is the last row's id; its exact (microsecond) `created_at` is read back in SQL, so no row is
 * skipped or repeated between pages.
 */
export async function listLogs(db: Queryable, query: LogsQuery, principal: Principal): Promise<z.infer<typeof LogsPageSchema>> {
  if (query.plugin_id && principal.role === 'merchant') {
    const plugin = await db.query<{ merchant_id: string }>('SELECT merchant_id FROM plugins WHERE id = $1', [query.plugin_id]);
    if (plugin.rows[0]) assertPluginAccess(principal, plugin.rows[0]);
  }
  const after = cursorId(query.cursor);
  const { rows } = await db.query<HealingLog>(
    `SELECT l.* FROM plugin_auto_healing_logs l JOIN plugins p ON p.id = l.plugin_id
      WHERE ($1::text[] IS NULL OR l.status = ANY($1::text[]))
        AND ($2::text[] IS NULL OR l.issue_severity = ANY($2::text[]))
        AND ($3::text IS NULL OR l.plugin_id = $3)
        AND ($4::text IS NULL OR p.cms = $4)
        AND ($5::float8 IS NULL OR l.sira_confidence >= $5)
        AND ($6::float8 IS NULL OR l.sira_confidence <= $6)
        AND ($7::timestamptz IS NULL OR l.created_at >= $7::timestamptz)
        AND ($8::timestamptz IS NULL OR l.created_at < $8::timestamptz)
        AND ($9::text IS NULL OR l.detected_issue ILIKE '%' || $9 || '%')
        AND ($10::text IS NULL OR p.merchant_id = $10)
        AND ($11::uuid IS NULL OR (l.created_at, l.id) < (SELECT created_at, id FROM plugin_auto_healing_logs WHERE id = $11::uuid))
      ORDER BY l.created_at DESC, l.id DESC
      LIMIT $12`,
    [
      query.status ?? null,
      query.severity ?? null,
      query.plugin_id ?? null,
      query.platform ?? null,
      query.min_confidence ?? null,
      query.max_confidence ?? null,
      query.since ?? null,
      query.until ?? null,
      query.q === undefined ? null : escapeLike(query.q),
      principal.role === 'merchant' ? principal.merchantId : null,
      after,
      query.limit + 1,
    ],
  );
  const items = rows.slice(0, query.limit);
  return { items, next_cursor: rows.length > query.limit ? encodeCursor([items.at(-1)!.id]) : null };
}

/** A log and its plugin, for a principal who may read the plugin's logs; 404 for an unknown log, 403 for another merchant's. */
export async function readableLog(db: Queryable, id: string, principal: Principal): Promise<{ log: HealingLog; plugin: Plugin }> {
  const { rows } = await db.query<HealingLog>('SELECT * FROM plugin_auto_healing_logs WHERE id = $1', [id]);
  const log = rows[0];
  if (!log) throw notFound('healing log', id);
  const plugin = await getPlugin(db, log.plugin_id);
  assertPluginAccess(principal, plugin);
  return { log, plugin };
}

/** Logs, one log's detail, and the stat cards. */
export function registerLogQueryRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/logs',
      summary: 'Healing logs, newest first, filtered and keyset-paginated (merchants: their plugins only)',
      tags: TAGS,
      roles: READERS,
      query: LogsQuerySchema,
      response: LogsPageSchema,
    },
    async ({ query, principal, db }) => listLogs(db, query, principal),
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/logs/:id',
      summary: 'One healing log with its plugin, snapshot, commands and audit trail',
      tags: TAGS,
      roles: READERS,
      params: LogIdParamsSchema,
      response: LogDetailSchema,
      etag: (detail) => detail.log.version,
    },
    async ({ params, principal, db }) => {
      const { log, plugin } = await readableLog(db, params.id, principal);
      const snapshot = log.snapshot_id
        ? ((await db.query<Snapshot>('SELECT * FROM plugin_snapshots WHERE id = $1', [log.snapshot_id])).rows[0] ?? null)
        : null;
      const commands = await db.query<Command>(
        'SELECT * FROM plugin_commands WHERE healing_log_id = $1 ORDER BY created_at, id',
        [log.id],
      );
      const audit = await db.query<z.infer<typeof LogDetailSchema>['audit'][number]>(
        `SELECT id, actor_name, actor_role, action, entity_type, entity_id, before, after, at
           FROM audit_log WHERE entity_type = 'healing_log' AND entity_id = $1 ORDER BY id`,
        [log.id],
      );
      const review = [...audit.rows].reverse().find((a) => a.action === 'healing_log.review_required')?.after as
        | { review_reason?: unknown }
        | undefined;
      return {
        log,
        plugin,
        snapshot,
        commands: commands.rows,
        audit: principal.role === 'merchant' ? [] : audit.rows,
        review_reason: typeof review?.review_reason === 'string' ? review.review_reason : null,
      };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/stats',
      summary: 'Auto-healing stat cards over the last `days` days',
      tags: TAGS,
      roles: STAFF_ROLES,
      query: StatsQuerySchema,
      response: AutohealStatsSchema,
    },
    async ({ query, db }) => {
      const { rows } = await db.query<{ stats: z.infer<typeof AutohealStatsSchema> }>('SELECT get_auto_healing_stats($1) AS stats', [
        query.days,
      ]);
      return rows[0]!.stats;
    },
  );
}
