import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';

export function registerSandboxRoutes(_app: FastifyInstance, _ctx: ServerContext, _closers: Array<() => Promise<void> | void>): void {}
