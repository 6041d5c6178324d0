/**
 * The machine's HTTP floor for bench:server: Fastify set up as the reference server sets it up (body
 * limit, logger, the exact JSON body parser) with one no-op route that parses the body and answers.
 * What an endpoint reaches of this floor's requests/s is the share left to it after HTTP and JSON.
 *
 *   node --import tsx bench/server/floor-server.ts --port 8150
 */
import Fastify, { LogController } from 'fastify';
import { parseArgs } from 'node:util';
import { BODY_LIMIT } from '../../src-server/app.js';
import { registerJsonBodyParser } from '../../src-server/http/json-body.js';

const { values } = parseArgs({ options: { port: { type: 'string' }, 'log-level': { type: 'string', default: 'warn' } } });

const app = Fastify({
  bodyLimit: BODY_LIMIT,
  logger: {
    level: values['log-level'],
    redact: { paths: ['req.headers.authorization', 'req.headers["molam-signature"]'], censor: '[redacted]' },
  },
  return503OnClosing: true,
  forceCloseConnections: true,
  logController: new LogController({ disableRequestLogging: true }),
});
registerJsonBodyParser(app);
app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/floor', async (request) => ({ ok: request.body !== undefined }));

await app.listen({ host: '127.0.0.1', port: Number(values.port ?? 0) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
