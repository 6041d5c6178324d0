import type { FastifyBaseLogger } from 'fastify';
import { Counter, Gauge, type Registry } from 'prom-client';
import { evaluateRolloutStep, rolloutStepStats } from '../../src-shared/domain/patch-rollout.js';
import type { Database, Queryable } from '../db/database.js';
import { writeAuditRow } from '../http/route.js';
import { changeRollout, latestRollout, stepCounts, type RolloutRow } from './rollout-repo.js';

/** Who the audit log names for what the evaluation decides by itself. */
export const ROLLOUT_SYSTEM_ACTOR = { id: 'system:rollout', name: 'system', role: 'system' } as const;

/** The rollout metrics: halts by cause, and the share each patch's latest rollout serves now. */
export class RolloutMetrics {
  readonly haltsTotal: Counter<'reason'>;

  constructor(registry: Registry, db: Queryable) {
    this.haltsTotal = new Counter({
      name: 'self_heal_rollout_halts_total',
      help: 'Patch rollouts halted, by cause (rollback_rate, failure_rate, aborted by a reviewer)',
      labelNames: ['reason'],
      registers: [registry],
    });
    new Gauge({
      name: 'self_heal_rollout_share_pct',
      help: "Share of developers (percent) served the version of each patch's latest rollout",
      labelNames: ['patch_id'],
      registers: [registry],
      async collect() {
        // Read from the database, so every server process reports the same figures.
        const { rows } = await db.query<{ patch_id: string; share_pct: number }>(
          `SELECT DISTINCT ON (patch_id) patch_id, share_pct FROM sdk_patch_rollouts ORDER BY patch_id, started_at DESC, version DESC`,
        );
        this.reset();
        for (const row of rows) this.labels(row.patch_id).set(row.share_pct);
      },
    });
  }
}

/** What one evaluation changed. */
export interface RolloutOutcome {
  kind: 'advance' | 'halt';
  row: RolloutRow;
  reason?: string;
  alert?: string;
}

/**
 * Moves rollouts on from their figures: after a batch of application reports commits, each rolling
 * rollout of a reported patch advances once its step has enough applications under the runbook's
 * thresholds, or halts when a threshold is crossed. Each patch is evaluated in its own transaction
 * holding the patch's and the rollout's locks, so concurrent batches advance a step once.
 */
export class RolloutEvaluator {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly log: FastifyBaseLogger,
    private readonly metrics: RolloutMetrics,
    /** Called after each committed change (the active patch cache reloads). */
    private readonly onChange: () => void,
  ) {}

  /** Evaluates in the background; failures are logged (the reports are stored whatever happens). */
  schedule(patchIds: Iterable<string>): void {
    const ids = [...new Set(patchIds)];
    if (ids.length === 0) return;
    const run = this.evaluate(ids)
      .then(() => undefined)
      .catch((error: unknown) => this.log.warn({ err: error, patch_ids: ids }, 'rollout: evaluation failed'))
      .finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
  }

  /** Resolves once every scheduled evaluation has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Evaluates the latest rollout of each patch; returns what changed. */
  async evaluate(patchIds: readonly string[]): Promise<RolloutOutcome[]> {
    const outcomes: RolloutOutcome[] = [];
    for (const patchId of patchIds) {
      // Most batches find nothing rolling: a read without locks answers them.
      const seen = await latestRollout(this.db, patchId);
      if (seen?.state !== 'rolling') continue;
      const outcome = await this.db.transaction((tx) => evaluateLocked(tx, patchId));
      if (!outcome) continue;
      outcomes.push(outcome);
      this.onChange();
      if (outcome.kind === 'halt') {
        this.metrics.haltsTotal.labels(outcome.alert ?? 'unknown').inc();
        this.log.warn(
          { patch_id: patchId, version: outcome.row.version, reason: outcome.reason },
          `rollout of patch ${patchId} version ${outcome.row.version} halted: ${outcome.reason}`,
        );
      } else {
        this.log.info({ patch_id: patchId, version: outcome.row.version, share_pct: outcome.row.share_pct }, 'rollout advanced');
      }
    }
    return outcomes;
  }
}

/** One patch's evaluation inside a transaction: locks, figures, decision, audit. */
async function evaluateLocked(tx: Queryable, patchId: string): Promise<RolloutOutcome | null> {
  // The patch row first, then the rollout: the order approval and the reviewer's actions lock them in.
  const patch = await tx.query<{ deactivated_at: string | null }>('SELECT deactivated_at FROM sdk_self_healing_registry WHERE id = $1 FOR UPDATE', [
    patchId,
  ]);
  if (!patch.rows[0] || patch.rows[0].deactivated_at !== null) return null;
  const row = await latestRollout(tx, patchId, true);
  if (row?.state !== 'rolling') return null;
  const stats = rolloutStepStats(await stepCounts(tx, row));
  const decision = evaluateRolloutStep(stats, row.min_applications);
  if (decision === 'wait') return null;
  if (decision === 'advance') {
    const after = await changeRollout(tx, row, { kind: 'advance' }, null);
    await writeAuditRow(tx, ROLLOUT_SYSTEM_ACTOR, {
      action: 'sdk_patch.rollout_advance',
      entityType: 'sdk_patch',
      entityId: patchId,
      before: { rollout: row, step_stats: stats },
      after: { rollout: after },
    });
    return { kind: 'advance', row: after };
  }
  const after = await changeRollout(tx, row, { kind: 'halt', reason: decision.halt }, null);
  await writeAuditRow(tx, ROLLOUT_SYSTEM_ACTOR, {
    action: 'sdk_patch.rollout_halt',
    entityType: 'sdk_patch',
    entityId: patchId,
    before: { rollout: row, step_stats: stats },
    after: { rollout: after, reason: decision.halt },
  });
  return { kind: 'halt', row: after, reason: decision.halt, alert: decision.alert };
}
