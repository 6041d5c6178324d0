import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { ServerConfig, ServerContext } from './context.js';
import type { Database } from './db/database.js';
import { TokenAuthenticator } from './http/auth.js';
import { clientErrorHandler, frameworkErrors, registerErrorAnswers } from './http/error-answers.js';
import { registerJsonBodyParser } from './http/json-body.js';
import type { RouteDescriptor, RouterDeps } from './http/route.js';
import { Metrics } from './metrics.js';
import { buildOpenApi } from './openapi.js';
import { registerAutohealRoutes } from './autoheal/routes.js';
import { registerInteropRoutes } from './interop/routes.js';
import { registerSdkRoutes } from './sdk/routes.js';
import { registerSandboxRoutes } from './sandbox/routes.js';
import { registerSyncRoutes } from './sync/routes.js';
import { registerPluginRoutes } from './plugins/routes.js';
import { registerAdminRoutes } from './admin/routes.js';
import { registerAlertRoutes } from './alerts/routes.js';
import { createServerLogger, type LogOutput } from './logging.js';

export const BODY_LIMIT = 1024 * 1024;

export interface BuiltApp {
  app: FastifyInstance;
  context: ServerContext;
  /** Closes the HTTP server and background work; the database stays open (its owner closes it). */
  close(): Promise<void>;
}

/** The composition root: one Fastify app over one database; its log records are written as `logOutput` says. */
export async function buildApp(db: Database, config: ServerConfig, logOutput?: LogOutput): Promise<BuiltApp> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    loggerInstance: createServerLogger(config.logLevel, logOutput),
    return503OnClosing: true,
    // SSE streams and idle keep-alive sockets must not hold a shutdown for the keep-alive timeout.
    forceCloseConnections: true,
    // Requests are counted in /metrics; logging each one would drown the log under load.
    logController: new LogController({ disableRequestLogging: true }),
    frameworkErrors,
    clientErrorHandler,
  });
  registerJsonBodyParser(app);
  const registry: RouteDescriptor[] = [];
  const router: RouterDeps = { db, auth: new TokenAuthenticator(db), registry, checkResponses: config.checkResponses };
  const metrics = new Metrics(db);
  const context: ServerContext = { db, router, config, log: app.log, metrics };
  const closers: Array<() => Promise<void> | void> = [];

  registerErrorAnswers(app, BODY_LIMIT);
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration
      .labels(request.method, request.routeOptions.url ?? 'unmatched', String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  app.get('/healthz', async () => {
    await db.query('SELECT 1');
    return { status: 'ok', database: db.kind };
  });
  app.get('/metrics', async (_request, reply) =>
    reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
  );
  app.get('/api/docs/openapi.json', async () => buildOpenApi(registry));

  registerPluginRoutes(app, context);
  registerAutohealRoutes(app, context);
  registerInteropRoutes(app, context);
  registerSdkRoutes(app, context);
  registerSandboxRoutes(app, context, closers);
  registerSyncRoutes(app, context, closers);
  registerAdminRoutes(app, context);
  registerAlertRoutes(app, context);

  await app.ready();
  return {
    app,
    context,
    async close() {
      for (const close of closers) await close();
      await app.close();
    },
  };
}
