import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PluginIdSchema, pageOf } from '../../src-shared/schemas/common.js';
import { PluginListQuerySchema, PluginSchema, RegisterPluginBodySchema, type Plugin } from '../../src-shared/schemas/plugins.js';
import type { ServerContext } from '../context.js';
import { assertPluginAccess } from '../http/auth.js';
import { badRequest, forbidden } from '../http/errors.js';
import { defineRoute } from '../http/route.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { getPlugin, upsertPlugin } from './repository.js';

const STAFF = ['ops', 'reviewer', 'sira', 'dev_admin'] as const;

export function registerPluginRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/plugins/register',
      summary: 'A plugin registers itself or refreshes its versions',
      tags: ['plugins'],
      roles: ['merchant', 'ops'],
      body: RegisterPluginBodySchema,
      response: PluginSchema,
    },
    async ({ body, principal, db, audit }) => {
      const merchantId = principal.role === 'merchant' ? principal.merchantId! : body.merchant_id;
      if (!merchantId) throw badRequest('merchant_id is required when staff register a plugin', 'body.merchant_id');
      if (principal.role === 'merchant' && body.merchant_id && body.merchant_id !== principal.merchantId) {
        throw forbidden('a merchant token registers plugins for its own merchant only');
      }
      const before = await db.query<Plugin>('SELECT * FROM plugins WHERE id = $1 FOR UPDATE', [body.id]);
      const plugin = await upsertPlugin(db, merchantId, body);
      if (!plugin) throw forbidden('this plugin id belongs to another merchant');
      await audit({ action: 'plugin.register', entityType: 'plugin', entityId: plugin.id, before: before.rows[0] ?? null, after: plugin });
      return plugin;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/plugins',
      summary: 'List plugins (merchants see their own)',
      tags: ['plugins'],
      roles: [...STAFF, 'merchant'],
      query: PluginListQuerySchema,
      response: pageOf(PluginSchema),
    },
    async ({ query, principal, db }) => {
      const after = query.cursor ? decodeCursor(query.cursor, 'query.cursor', CURSOR.text) : null;
      const merchant = principal.role === 'merchant' ? principal.merchantId : (query.merchant_id ?? null);
      const { rows } = await db.query<Plugin>(
        `SELECT * FROM plugins
          WHERE ($1::text IS NULL OR merchant_id = $1) AND ($2::text IS NULL OR cms = $2) AND ($3::text IS NULL OR id > $3)
          ORDER BY id LIMIT $4`,
        [merchant, query.cms ?? null, after?.[0] ?? null, query.limit + 1],
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
      url: '/api/v1/plugins/:plugin_id',
      summary: 'One plugin',
      tags: ['plugins'],
      roles: [...STAFF, 'merchant'],
      params: z.object({ plugin_id: PluginIdSchema }),
      response: PluginSchema,
    },
    async ({ params, principal, db }) => {
      const plugin = await getPlugin(db, params.plugin_id);
      assertPluginAccess(principal, plugin);
      return plugin;
    },
  );
}
