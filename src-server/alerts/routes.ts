import type { FastifyInstance } from 'fastify';
import { Gauge } from 'prom-client';
import { STAFF_ROLES } from '../../src-shared/domain/roles.js';
import { SelfHealAlertNameSchema, SelfHealAlertsResponseSchema } from '../../src-shared/schemas/self-heal-alerts.js';
import type { ServerContext } from '../context.js';
import { defineRoute } from '../http/route.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { firingCounts, lastEvaluation, listAlerts } from './alert-repo.js';

/** Where SDKs send their application reports (src-server/sdk/report-routes.ts). */
const REPORTS_URL = '/api/dev/patch-applications';

/**
 * The runbook's alerts as the backend evaluates them: the evaluator (every 15 s, and soon after report
 * batches of application reports are answered), `GET /api/dev/alerts` and the
 * `self_heal_alerts_firing{alertname}` gauge in /metrics. Returns the started evaluator.
 */
export function registerAlertRoutes(app: FastifyInstance, ctx: ServerContext): AlertEvaluator {
  const evaluator = new AlertEvaluator(ctx.db, {
    onDidFail: (error) => ctx.log.warn({ err: error }, 'self-heal alerts: evaluation failed; the next one tries again'),
  });
  evaluator.start();
  app.addHook('onClose', () => evaluator.stop());
  // A batch of application reports is answered once it has committed: evaluate soon after, not only on the timer.
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url === REPORTS_URL && request.method === 'POST' && reply.statusCode === 200) evaluator.requestEvaluation();
  });

  new Gauge({
    name: 'self_heal_alerts_firing',
    help: 'Self-healing alerts firing now, as the backend evaluates the runbook rules',
    labelNames: ['alertname'],
    registers: [ctx.metrics.registry],
    async collect() {
      const counts = await firingCounts(ctx.db);
      for (const name of SelfHealAlertNameSchema.options) this.labels(name).set(counts.get(name) ?? 0);
    },
  });

  defineRoute(
    app,
    ctx.router,
    {
      method: 'GET',
      url: '/api/dev/alerts',
      summary:
        "The SDK runbook's alerts evaluated every 15 s over the application reports (and halted rollouts): pending and firing, and those resolved in the last 7 days, newest first",
      tags: ['sdk telemetry'],
      roles: STAFF_ROLES,
      response: SelfHealAlertsResponseSchema,
    },
    async ({ db }) => {
      // A server that has not evaluated yet (just started on a new database) evaluates before answering.
      if ((await lastEvaluation(db)) === null) await evaluator.evaluate();
      const evaluatedAt = (await lastEvaluation(db))!;
      return { evaluated_at: evaluatedAt, alerts: await listAlerts(db) };
    },
  );
  return evaluator;
}
