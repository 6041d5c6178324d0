import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.js';
import { ActivePatchCache } from './active-patches.js';
import { registerFieldStatsRoutes } from './field-stats-routes.js';
import { LookupRecorder } from './lookup-recorder.js';
import { registerPatchAdminRoutes } from './patch-admin-routes.js';
import { registerReportRoutes } from './report-routes.js';
import { registerRefusalRoutes } from './refusal-routes.js';
import { ResignSweeper } from './resign-sweeper.js';
import { RolloutEvaluator, RolloutMetrics } from './rollout-evaluation.js';
import { registerRolloutRoutes } from './rollout-routes.js';
import { registerSelfHealRoutes } from './self-heal-routes.js';
import { PatchSigner } from './signing.js';

/**
 * The SDK self-healing registry: patch authoring and review, the self-heal lookup SDKs call when a
 * request fails, their application reports and the statistics built from them (the field figures
 * and the runbook's tables included).
 */
export function registerSdkRoutes(app: FastifyInstance, ctx: ServerContext): void {
  const signer = new PatchSigner(ctx.config.dataDir, ctx.config.patchSignatureTtlMs);
  const cache = new ActivePatchCache(ctx.db, ctx.log);
  const recorder = new LookupRecorder(ctx.db);
  const rolloutMetrics = new RolloutMetrics(ctx.metrics.registry, ctx.db);
  const rollouts = new RolloutEvaluator(ctx.db, ctx.log, rolloutMetrics, () => cache.invalidate());
  const sweeper = new ResignSweeper({ db: ctx.db, signer, log: ctx.log, metrics: ctx.metrics, onDidResign: () => cache.invalidate() });
  // Before the server listens: versions written before signatures expired get one, those near expiry a new one.
  app.addHook('onReady', async () => {
    await sweeper.sweep();
    sweeper.start();
  });
  const listening = cache.start().catch((error: unknown) => {
    // Without notifications, changes made by other processes still arrive within the cache's TTL.
    ctx.log.warn({ err: error }, 'self-heal: cannot listen for registry changes');
  });
  app.addHook('onClose', async () => {
    await sweeper.stop();
    await listening;
    await recorder.close();
    await rollouts.idle();
    await cache.stop();
  });

  registerPatchAdminRoutes(app, ctx, { signer, cache });
  registerSelfHealRoutes(app, ctx, { signer, cache, recorder });
  registerReportRoutes(app, ctx, { rollouts, cache });
  registerRolloutRoutes(app, ctx, { cache, metrics: rolloutMetrics });
  registerRefusalRoutes(app, ctx);
  registerFieldStatsRoutes(app, ctx);
}
