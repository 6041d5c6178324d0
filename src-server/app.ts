import Fastify, { LogController, type FastifyError, type FastifyInstance } from 'fastify';
import type { ServerConfig, ServerContext } from './context.js';
import { isDatabaseUnavailable, isRetryableConflict, type Database } from './db/database.js';
import { TokenAuthenticator } from './http/auth.js';
import { HttpError } from './http/errors.js';
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

export const BODY_LIMIT = 1024 * 1024;
/** What a 503 asks the client to wait while the database is unreachable (a restart takes seconds). */
const DATABASE_RETRY_AFTER_S = 2;

export interface BuiltApp {
  app: FastifyInstance;
  context: ServerContext;
  /** Closes the HTTP server and background work; the database stays open (its owner closes it). */
  close(): Promise<void>;
}

/** The composition root: one Fastify app over one database. */
export async function buildApp(db: Database, config: ServerConfig): Promise<BuiltApp> {
  const app = Fastify({
    bodyLimit: BODY_LIMIT,
    logger: {
      level: config.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers["molam-signature"]'], censor: '[redacted]' },
    },
    return503OnClosing: true,
    // SSE streams and idle keep-alive sockets must not hold a shutdown for the keep-alive timeout.
    forceCloseConnections: true,
    // Requests are counted in /metrics; logging each one would drown the log under load.
    logController: new LogController({ disableRequestLogging: true }),
  });
  registerJsonBodyParser(app);
  const registry: RouteDescriptor[] = [];
  const router: RouterDeps = { db, auth: new TokenAuthenticator(db), registry, checkResponses: config.checkResponses };
  const metrics = new Metrics(db);
  const context: ServerContext = { db, router, config, log: app.log, metrics };
  const closers: Array<() => Promise<void> | void> = [];

  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.extra.headers) reply.headers(error.extra.headers);
      return reply.code(error.statusCode).send({
        error: { code: error.code, message: error.message, field: error.extra.field, details: error.extra.details },
      });
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return reply
        .code(503)
        .header('retry-after', String(DATABASE_RETRY_AFTER_S))
        .send({ error: { code: 'database_unavailable', message: 'the database cannot be reached right now; try again shortly' } });
    }
    if (isRetryableConflict(error)) {
      // Still colliding after the bounded retries: transient, so the client is asked to come back.
      request.log.warn({ err: error }, 'transaction still conflicting after retries');
      return reply
        .code(503)
        .header('retry-after', '1')
        .send({ error: { code: 'database_busy', message: 'the change collided with concurrent writes several times; send it again' } });
    }
    const fastifyError = error as FastifyError;
    if (fastifyError.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.code(413).send({ error: { code: 'payload_too_large', message: `request body exceeds ${BODY_LIMIT} bytes` } });
    }
    if (fastifyError.statusCode && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      const code = fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported_media_type' : 'invalid_request';
      return reply.code(fastifyError.statusCode).send({ error: { code, message: fastifyError.message, field: 'body' } });
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error; see the server log' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'route_not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
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
