import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from './db/database.js';

/** The Prometheus metrics the backend exports, with the SDK runbook's metric names. */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'molam_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly patchesTotal = new Counter({
    name: 'self_heal_patches_total',
    help: 'SDK patches applied (reported by SDKs)',
    labelNames: ['sdk_language'],
    registers: [this.registry],
  });
  readonly rollbacksTotal = new Counter({
    name: 'self_heal_rollbacks_total',
    help: 'SDK patch applications that triggered a rollback',
    labelNames: ['sdk_language'],
    registers: [this.registry],
  });
  readonly applicationsTotal = new Counter({
    name: 'self_heal_patch_applications_total',
    help: 'SDK patch application reports, by patch',
    labelNames: ['patch_id'],
    registers: [this.registry],
  });
  readonly failuresTotal = new Counter({
    name: 'self_heal_patch_failures_total',
    help: 'SDK patch applications that did not fix the call, by patch',
    labelNames: ['patch_id'],
    registers: [this.registry],
  });
  readonly patchResignedTotal = new Counter({
    name: 'self_heal_patch_resigned_total',
    help: 'Patch versions signed again by the server before their signature expired',
    registers: [this.registry],
  });
  readonly patchRefusalsTotal = new Counter({
    name: 'self_heal_patch_refusals_total',
    help: 'Served patch versions SDKs refused (expired, rollback, bad signature...), by reason',
    labelNames: ['sdk_language', 'reason_code'],
    registers: [this.registry],
  });
  readonly interopEventsTotal = new Counter({
    name: 'molam_interop_events_total',
    help: 'Interop events received, by platform and outcome',
    labelNames: ['platform', 'status'],
    registers: [this.registry],
  });
  readonly healingProposalsTotal = new Counter({
    name: 'molam_healing_proposals_total',
    help: 'Healing proposals, by outcome (auto_applied or pending_review)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor(db: Database) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'self_heal_success_rate',
      help: 'Share of SDK patch applications in the last 24 hours that succeeded (0-1)',
      registers: [this.registry],
      async collect() {
        const { rows } = await db.query<{ rate: number | null }>(
          `SELECT avg(CASE WHEN success THEN 1.0 ELSE 0.0 END)::float8 AS rate
             FROM sdk_patch_applications WHERE patch_applied AND applied_at > now() - interval '24 hours'`,
        );
        this.set(rows[0]?.rate ?? 0);
      },
    });
  }
}
