import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  AckBodySchema,
  CommandListQuerySchema,
  CommandPageSchema,
  CommandSchema,
  PollCommandsQuerySchema,
  PollCommandsResponseSchema,
  SendCommandBodySchema,
} from '../../src-shared/schemas/commands.js';
import { PluginIdSchema, UuidSchema } from '../../src-shared/schemas/common.js';
import type { ServerContext } from '../context.js';
import { assertPluginAccess } from '../http/auth.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { conflict, notFound } from '../http/errors.js';
import { defineRoute, writeAudit } from '../http/route.js';
import { getPlugin, touchPlugin } from '../plugins/repository.js';
import { startLeaseSweeper } from './lease-sweeper.js';
import { settleApplyCommand } from './command-outcomes.js';
import {
  acknowledgeCommand,
  claimCommands,
  enqueueCommand,
  expireExhaustedCommands,
  listCommands,
  listOpenCommands,
  lockCommand,
  type CommandListPosition,
} from './commands-repo.js';

const STAFF = ['ops', 'reviewer', 'sira', 'dev_admin'] as const;
/**
 * Who may use a plugin's side of the queue: the plugin's merchant (its poll leases), and ops, who
 * read the queue without leasing and may acknowledge for a plugin (support).
 */
const PLUGIN_SIDE = ['merchant', 'ops'] as const;

const PositionSchema = z.tuple([
  z.string().regex(/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d(:?\d\d)?)$/),
  UuidSchema,
]);

function decodePosition(cursor: string): CommandListPosition {
  return decodeCursor(cursor, 'query.cursor', PositionSchema);
}

/** The plugin command queue: poll with leases, acknowledge, staff commands, listing. */
export function registerCommandRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;
  const sweeper = startLeaseSweeper(ctx);
  app.addHook('onClose', async () => sweeper.stop());

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/commands/:plugin_id',
      summary:
        "The plugin polls with its merchant's token: lease its next commands (priority first, then oldest). " +
        'Staff (ops, admin) only read the open commands in that order: nothing is leased, expired or touched',
      tags: ['autoheal'],
      roles: PLUGIN_SIDE,
      params: z.object({ plugin_id: PluginIdSchema }),
      query: PollCommandsQuerySchema,
      response: PollCommandsResponseSchema,
    },
    async ({ params, query, principal, db }) => {
      if (principal.role !== 'merchant') {
        // Looking at a plugin's queue must not take its commands away from the plugin.
        const plugin = await getPlugin(db, params.plugin_id);
        return { commands: await listOpenCommands(db, plugin.id, query.limit) };
      }
      // A GET that leases: the route helper opens no transaction for reads, so the poll opens its own.
      return ctx.db.transaction(async (tx) => {
        const plugin = await getPlugin(tx, params.plugin_id);
        assertPluginAccess(principal, plugin);
        for (const command of await expireExhaustedCommands(tx, plugin.id)) {
          await writeAudit(tx, principal, { action: 'command.expire', entityType: 'command', entityId: command.id, after: command });
          await settleApplyCommand(tx, ctx, command, {
            success: false,
            error: `plugin did not acknowledge within ${command.attempts} attempts`,
            actorName: 'command-queue',
          });
        }
        const commands = await claimCommands(tx, plugin.id, query.limit, query.lease_seconds);
        if (commands.length > 0) {
          await writeAudit(tx, principal, {
            action: 'command.lease',
            entityType: 'plugin',
            entityId: plugin.id,
            after: { command_ids: commands.map((c) => c.id), lease_seconds: query.lease_seconds },
          });
        }
        await touchPlugin(tx, plugin.id);
        return { commands };
      });
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/plugins/autoheal/commands/:command_id/ack',
      summary: 'The plugin reports the outcome of a leased command (a failed apply rolls back)',
      tags: ['autoheal'],
      roles: PLUGIN_SIDE,
      params: z.object({ command_id: UuidSchema }),
      body: AckBodySchema,
      response: CommandSchema,
    },
    async ({ params, body, principal, db, ifMatch, audit }) => {
      const before = await lockCommand(db, params.command_id);
      if (!before) throw notFound('command', params.command_id);
      assertPluginAccess(principal, await getPlugin(db, before.plugin_id));
      if (ifMatch !== undefined && ifMatch !== before.version) {
        throw conflict('stale_version', `command ${before.id} is at version ${before.version}, not ${ifMatch}`, before);
      }
      if (before.status === 'succeeded' || before.status === 'failed') {
        throw conflict('already_acknowledged', `command ${before.id} was already acknowledged (${before.status})`, before);
      }
      if (before.status !== 'leased') {
        throw conflict('command_not_leased', `only a leased command can be acknowledged; this one is ${before.status}`, before);
      }
      const command = await acknowledgeCommand(db, before.id, body);
      await audit({ action: 'command.ack', entityType: 'command', entityId: command.id, before, after: command });
      await settleApplyCommand(db, ctx, command, {
        success: body.success,
        result: body.result,
        error: body.error ?? (body.success ? undefined : 'the plugin reported a failure without a message'),
        actorName: principal.name,
        actorId: principal.tokenId,
        actorRole: principal.role,
      });
      await touchPlugin(db, command.plugin_id);
      return command;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/plugins/autoheal/commands',
      summary: 'Queue a force_update, enable_debug or restart command for a plugin',
      tags: ['autoheal'],
      roles: ['ops'],
      body: SendCommandBodySchema,
      response: CommandSchema,
      status: 201,
    },
    async ({ body, db, audit }) => {
      const plugin = await getPlugin(db, body.plugin_id);
      const command = await enqueueCommand(db, {
        pluginId: plugin.id,
        healingLogId: null,
        type: body.command_type,
        payload: body.payload,
        priority: body.priority,
      });
      await audit({ action: 'command.send', entityType: 'command', entityId: command.id, after: command });
      return command;
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/commands',
      summary: 'List commands, newest first (filters: plugin, status, healing log)',
      tags: ['autoheal'],
      roles: STAFF,
      query: CommandListQuerySchema,
      response: CommandPageSchema,
    },
    async ({ query, db }) => {
      const page = await listCommands(db, {
        pluginId: query.plugin_id,
        statuses: query.status,
        healingLogId: query.healing_log_id,
        after: query.cursor ? decodePosition(query.cursor) : null,
        limit: query.limit,
      });
      return { items: page.items, next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );
}
