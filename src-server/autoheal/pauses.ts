import type { FastifyInstance } from 'fastify';
import type { z } from 'zod';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import {
  PauseIdParamsSchema,
  PauseSchema,
  PausesPageSchema,
  PausesQuerySchema,
  ResumePauseBodySchema,
} from '../../src-shared/schemas/pauses.js';
import type { ServerContext } from '../context.js';
import type { Queryable } from '../db/database.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { conflict, notFound } from '../http/errors.js';
import { defineRoute } from '../http/route.js';

/** An auto-apply pause with its rule's name. */
export type Pause = z.infer<typeof PauseSchema>;

const PAUSE_SELECT = `SELECT a.id, a.rule_id, r.name AS rule_name, a.plugin_id, a.healing_log_id, a.paused_by, a.paused_at,
                             a.reason, a.resumed_by, a.resumed_at, a.version
                        FROM auto_apply_pauses a JOIN auto_healing_rules r ON r.id = a.rule_id`;

/** The pause in force for a rule on a plugin, if any. */
export async function findActivePause(db: Queryable, ruleId: string, pluginId: string): Promise<Pause | null> {
  const { rows } = await db.query<Pause>(`${PAUSE_SELECT} WHERE a.rule_id = $1 AND a.plugin_id = $2 AND a.resumed_at IS NULL`, [
    ruleId,
    pluginId,
  ]);
  return rows[0] ?? null;
}

/**
 * Pauses auto-apply of a rule on a plugin unless a pause is already in force. Returns the new
 * pause, or null when one was already active.
 */
export async function pauseAutoApply(
  db: Queryable,
  input: { ruleId: string; pluginId: string; healingLogId: string; pausedBy: string; reason: string },
): Promise<Pause | null> {
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO auto_apply_pauses (rule_id, plugin_id, healing_log_id, paused_by, reason)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (rule_id, plugin_id) WHERE resumed_at IS NULL DO NOTHING RETURNING id`,
    [input.ruleId, input.pluginId, input.healingLogId, input.pausedBy, input.reason],
  );
  if (!rows[0]) return null;
  const pause = await db.query<Pause>(`${PAUSE_SELECT} WHERE a.id = $1`, [rows[0].id]);
  return pause.rows[0]!;
}


/** Pauses (staff): list them, and let ops resume automation. */
export function registerPauseRoutes(app: FastifyInstance, ctx: ServerContext): void {
  defineRoute(
    app,
    ctx.router,
    {
      method: 'GET',
      url: '/api/v1/plugins/autoheal/pauses',
      summary: 'Auto-apply pauses (newest first); active=true for those in force',
      tags: ['autoheal'],
      roles: STAFF_ROLES,
      query: PausesQuerySchema,
      response: PausesPageSchema,
    },
    async ({ query, db }) => {
      const after = query.cursor ? decodeCursor(query.cursor, 'query.cursor', CURSOR.id)[0] : null;
      const { rows } = await db.query<Pause>(
        `${PAUSE_SELECT}
          WHERE ($1::boolean IS NULL OR (a.resumed_at IS NULL) = $1::boolean)
            AND ($2::text IS NULL OR a.plugin_id = $2)
            AND ($3::uuid IS NULL OR (a.paused_at, a.id) < (SELECT paused_at, id FROM auto_apply_pauses WHERE id = $3::uuid))
          ORDER BY a.paused_at DESC, a.id DESC
          LIMIT $4`,
        [query.active ?? null, query.plugin_id ?? null, after, query.limit + 1],
      );
      const items = rows.slice(0, query.limit);
      return { items, next_cursor: rows.length > query.limit ? encodeCursor([items.at(-1)!.id]) : null };
    },
  );

  defineRoute(
    app,
    ctx.router,
    {
      method: 'POST',
      url: '/api/v1/plugins/autoheal/pauses/:id/resume',
      summary: 'Resume auto-apply for a paused rule on a plugin (If-Match: the pause version)',
      tags: ['autoheal'],
      roles: ['ops'],
      params: PauseIdParamsSchema,
      body: ResumePauseBodySchema,
      response: PauseSchema,
    },
    async ({ params, principal, db, ifMatch, audit }) => {
      const locked = await db.query('SELECT id FROM auto_apply_pauses WHERE id = $1 FOR UPDATE', [params.id]);
      if (!locked.rows[0]) throw notFound('pause', params.id);
      const before = (await db.query<Pause>(`${PAUSE_SELECT} WHERE a.id = $1`, [params.id])).rows[0]!;
      if (ifMatch !== undefined && ifMatch !== before.version) {
        throw conflict('stale_version', `pause is at version ${before.version}, not ${ifMatch}`, before);
      }
      if (before.resumed_at !== null) throw conflict('already_resumed', `auto-apply was already resumed by ${before.resumed_by}`, before);
      await db.query(
        'UPDATE auto_apply_pauses SET resumed_by = $2, resumed_at = now(), version = version + 1 WHERE id = $1',
        [params.id, principal.name],
      );
      const after = (await db.query<Pause>(`${PAUSE_SELECT} WHERE a.id = $1`, [params.id])).rows[0]!;
      await audit({ action: 'auto_apply_pause.resume', entityType: 'auto_apply_pause', entityId: params.id, before, after });
      return after;
    },
  );
}
