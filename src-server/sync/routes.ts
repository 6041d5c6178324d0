import type { FastifyInstance } from 'fastify';
import { ChangesQuerySchema, ChangesResponseSchema, type Change } from '../../src-shared/schemas/sync.js';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import type { ServerContext } from '../context.js';
import { defineRoute, JsonText } from '../http/route.js';
import { requireRole } from '../http/auth.js';
import { SyncNudger } from './nudger.js';

type FeedRow = Omit<Change, 'data'> & { data: string };

function changeJson(row: FeedRow): string {
  const { cursor, entity, entity_id: entityId, op, data, changed_at: changedAt } = row;
  return `{"cursor":${cursor},"entity":${JSON.stringify(entity)},"entity_id":${JSON.stringify(entityId)},"op":${JSON.stringify(op)},"data":${data},"changed_at":${JSON.stringify(changedAt)}}`;
}

export function registerSyncRoutes(app: FastifyInstance, ctx: ServerContext, closers: Array<() => Promise<void> | void>): void {
  defineRoute(
    app,
    ctx.router,
    {
      method: 'GET',
      url: '/api/v1/sync/changes',
      summary: 'The change feed: every change to a synced row, in cursor order',
      tags: ['sync'],
      roles: STAFF_ROLES,
      query: ChangesQuerySchema,
      response: ChangesResponseSchema,
    },
    async ({ query, db }) => {
      // The stored jsonb goes out as PostgreSQL prints it, and the timestamp as PostgreSQL formats it:
      // parsing and re-serializing thousands of rows per page was most of this route's time.
      const { rows } = await db.query<FeedRow>(
        `SELECT cursor, entity, entity_id, op, data::text AS data,
                to_char(changed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS changed_at
           FROM sync_changes WHERE cursor > $1 ORDER BY cursor LIMIT $2`,
        [query.since, query.limit + 1],
      );
      const changes = rows.slice(0, query.limit);
      const nextCursor = changes.at(-1)?.cursor ?? query.since;
      return new JsonText(`{"changes":[${changes.map(changeJson).join(',')}],"next_cursor":${nextCursor},"has_more":${rows.length > query.limit}}`);
    },
  );

  const nudger = new SyncNudger(ctx.db, ctx.log);
  closers.push(() => nudger.close());
  ctx.router.registry.push({
    method: 'GET',
    url: '/api/v1/stream',
    summary: 'Server-sent events: a "changes" nudge when the feed has moved (the feed stays the truth)',
    tags: ['sync'],
    roles: STAFF_ROLES,
    response: ChangesResponseSchema.pick({ next_cursor: true }),
    status: 200,
    idempotent: false,
  });
  app.get('/api/v1/stream', async (request, reply) => {
    const principal = await ctx.router.auth.authenticate(request);
    requireRole(principal, STAFF_ROLES);
    await nudger.start();
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const cursor = await nudger.currentCursor();
    res.write(`retry: 2000\nevent: hello\ndata: ${JSON.stringify({ cursor })}\n\n`);
    const unsubscribe = nudger.subscribe((next) => res.write(`event: changes\ndata: ${JSON.stringify({ cursor: next })}\n\n`));
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    request.raw.on('close', end);
    closers.push(() => {
      end();
      res.end();
    });
  });
}
