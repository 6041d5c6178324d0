import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ApiTokenSchema, CreateTokenBodySchema, CreatedTokenSchema, TokenListQuerySchema } from '../../src-shared/schemas/admin.js';
import { UuidSchema, pageOf } from '../../src-shared/schemas/common.js';
import type { ServerContext } from '../context.js';
import { createToken, generateToken } from '../http/auth.js';
import { CURSOR, decodeCursor, encodeCursor } from '../http/cursor.js';
import { conflict, notFound } from '../http/errors.js';
import { defineRoute, writeAudit } from '../http/route.js';
import { findToken, listTokens, revokeToken } from './tokens-repo.js';

const ADMIN = ['admin'] as const;

/** Token management: admins issue, list and revoke the Bearer tokens of every role. */
export function registerTokenRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const { router } = ctx;

  defineRoute(
    app,
    router,
    {
      method: 'POST',
      url: '/api/v1/admin/tokens',
      summary: 'Issue a token (shown once in this answer; only its SHA-256 is stored; Idempotency-Key is not honoured)',
      tags: ['admin'],
      roles: ADMIN,
      body: CreateTokenBodySchema,
      response: CreatedTokenSchema,
      status: 201,
      // The answer carries the token: storing it for idempotent replay would keep the secret in
      // the database, so this route runs its own transaction and keeps no answer.
      transactional: false,
    },
    async ({ body, principal }) => {
      const token = generateToken(body.role);
      return ctx.db.transaction(async (tx) => {
        const id = await createToken(tx, { name: body.name, role: body.role, merchantId: body.merchant_id ?? null, token });
        const row = (await findToken(tx, id))!;
        await writeAudit(tx, principal, { action: 'token.create', entityType: 'api_token', entityId: id, after: row });
        return { ...row, token };
      });
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'GET',
      url: '/api/v1/admin/tokens',
      summary: 'Tokens, newest first, without the tokens or their hashes',
      tags: ['admin'],
      roles: ADMIN,
      query: TokenListQuerySchema,
      response: pageOf(ApiTokenSchema),
    },
    async ({ query, db }) => {
      const after = query.cursor ? decodeCursor(query.cursor, 'query.cursor', CURSOR.microsAndId) : undefined;
      const page = await listTokens(db, { role: query.role, status: query.status, after, limit: query.limit });
      return { items: page.items, next_cursor: page.next ? encodeCursor(page.next) : null };
    },
  );

  defineRoute(
    app,
    router,
    {
      method: 'DELETE',
      url: '/api/v1/admin/tokens/:id',
      summary: 'Revoke a token (at once in this process; an admin cannot revoke the token it is using)',
      tags: ['admin'],
      roles: ADMIN,
      params: z.object({ id: UuidSchema }),
      response: ApiTokenSchema,
    },
    async ({ params, principal, db, audit, afterCommit }) => {
      const before = await findToken(db, params.id, true);
      if (!before) throw notFound('token', params.id);
      if (before.id === principal.tokenId) {
        throw conflict('cannot_revoke_own_token', 'an admin cannot revoke the token it is using; revoke it from another admin token', before);
      }
      // Revoking twice changes nothing and is not an error: DELETE stays safe to repeat.
      if (before.revoked_at !== null) return before;
      const after = await revokeToken(db, params.id);
      await audit({ action: 'token.revoke', entityType: 'api_token', entityId: params.id, before, after });
      // Clearing after the commit: cleared earlier, a request in between could cache the token as still valid.
      afterCommit(() => router.auth.clear());
      return after;
    },
  );
}
