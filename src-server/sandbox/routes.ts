import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { SandboxFaultInjector } from './faults.js';
import { registerPaymentIntentRoutes } from './payment-intents.js';
import { registerSandboxSettingsRoutes } from './settings-routes.js';

/**
 * The payments sandbox: `/v1/payment_intents` (sandbox API keys, HMAC signatures) and its staff
 * switches under `/api/v1/sandbox`. The fault switch is per server process, in memory.
 */
export function registerSandboxRoutes(app: FastifyInstance, ctx: ServerContext, closers: Array<() => Promise<void> | void>): void {
  const faults = new SandboxFaultInjector();
  // Injected waits can last 30 s; end them first so closing the server does not wait for them.
  closers.push(() => faults.close());
  registerPaymentIntentRoutes(app, ctx, faults);
  registerSandboxSettingsRoutes(app, ctx, faults);
}
