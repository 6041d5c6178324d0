import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../src-shared/domain/roles.js';
import { AuditEntrySchema, AuditQuerySchema, WhoAmISchema, type AuditEntry } from '../../src-shared/schemas/admin.js';
import { pageOf } from '../../src-shared/schemas/common.js';
import type { ServerContext } from '../context.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { defineRoute } from '../http/route.js';

/** The audit trail (who did what, before and after) and the caller's own identity. */
export function registerAuditRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/audit',
      summary: 'The audit log, newest first, filtered by entity, actor role, action and time',
      tags: ['admin'],
      roles: ['ops', 'reviewer', 'dev_admin'],
      query: AuditQuerySchema,
      response: pageOf(AuditEntrySchema),
    },
    async ({ query, db }) => {
      let before: number | null = null;
      if (query.cursor) {
        before = decodeCursor(query.cursor, 'query.cursor', CURSOR.serial)[0];
      }
      const { rows } = await db.query<AuditEntry>(
        `SELECT id, actor_id, actor_name, actor_role, action, entity_type, entity_id, before, after, at FROM audit_log
          WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2)
            AND ($3::text IS NULL OR actor_role = $3) AND ($4::text IS NULL OR action = $4)
            AND ($5::timestamptz IS NULL OR at >= $5) AND ($6::timestamptz IS NULL OR at < $6)
            AND ($7::int8 IS NULL OR id < $7)
          ORDER BY id DESC LIMIT $8`,
        [
          query.entity_type ?? null,
          query.entity_id ?? null,
          query.actor_role ?? null,
          query.action ?? null,
          query.since ?? null,
          query.until ?? null,
          before,
          query.limit + 1,
        ],
      );
      const items = rows.slice(0, query.limit);
      return { items, next_cursor: rows.length > query.limit ? encodeCursor([items.at(-1)!.id]) : null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/whoami',
      summary: 'The name, role and merchant of the presented token',
      tags: ['admin'],
      roles: ROLES,
      response: WhoAmISchema,
    },
    async ({ principal }) => ({ name: principal.name, role: principal.role, merchant_id: principal.merchantId, token_id: principal.tokenId }),
  );
}
