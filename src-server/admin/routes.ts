import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export function registerAdminRoutes(_app: FastifyInstance, _ctx: ServerContext): void {}
