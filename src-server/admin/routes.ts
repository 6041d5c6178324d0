import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { registerAuditRoutes } from './audit-routes.js';
import { registerTokenRoutes } from './tokens-routes.js';

/** Administration: API tokens, the audit trail and `whoami`. */
export function registerAdminRoutes(app: FastifyInstance, ctx: ServerContext): void {
  registerTokenRoutes(app, ctx);
  registerAuditRoutes(app, ctx);
}
