import type { FastifyInstance } from 'fastify';
import { ProposeBodySchema, ProposeResponseSchema } from '../../src-shared/schemas/autoheal.js';
import type { ServerContext } from '../context.js';
import { defineRoute } from '../http/route.js';
import { saveExcerpt } from './code-excerpts.js';
import { registerCommandRoutes } from './commands-routes.js';
import { registerLogQueryRoutes } from './logs-query.js';
import { registerPauseRoutes } from './pauses.js';
import { registerPolicyRoutes } from './policy.js';
import { registerPreviewRoute } from './preview.js';
import { proposePatch } from './propose.js';
import { registerRuleRoutes } from './rules-routes.js';
import { registerTransitionRoutes } from './transitions.js';

/** The auto-healing API under /api/v1/plugins/autoheal: proposals, review, apply, rollback, queries, commands, rules. */
export function registerAutohealRoutes(app: FastifyInstance, ctx: ServerContext): void {
  defineRoute(
    app,
    ctx.router,
    {
      method: 'POST',
      url: '/api/v1/plugins/autoheal',
      summary: 'Propose a patch; auto-applied at or above the threshold when allowed, else queued for review',
      tags: ['autoheal'],
      roles: ['sira'],
      body: ProposeBodySchema,
      response: ProposeResponseSchema,
      status: 201,
    },
    async ({ body, principal, db }) => {
      const proposed = await proposePatch(db, ctx, body, { name: principal.name, principal: { id: principal.tokenId, role: principal.role } });
      if (body.context?.excerpt) await saveExcerpt(db, proposed.log.id, body.context.excerpt, 'proposal');
      return proposed;
    },
  );

  registerTransitionRoutes(app, ctx);
  registerLogQueryRoutes(app, ctx);
  registerPreviewRoute(app, ctx);
  registerPauseRoutes(app, ctx);
  registerPolicyRoutes(app, ctx);
  registerCommandRoutes(app, ctx);
  registerRuleRoutes(app, ctx);
}
