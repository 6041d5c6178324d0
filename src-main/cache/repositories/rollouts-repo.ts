import type BetterSqlite3 from 'better-sqlite3';
import type { LocalState } from '../../../src-shared/ipc/model.js';
import { RolloutSchema, type Rollout, type RolloutsResponse } from '../../../src-shared/schemas/rollout.js';
import { SelfHealAlertSchema, type SelfHealAlert, type SelfHealAlertsResponse } from '../../../src-shared/schemas/self-heal-alerts.js';
import type { CacheDb } from '../cache-db.js';
import type { FieldAge } from './field-stats-repo.js';

type Source = 'rollouts' | 'alerts';

/** A cached rollout with the pending state of a reviewer's decision on it. */
export interface CachedRollout {
  rollout: Rollout;
  localState: LocalState;
}

/**
 * The backend's staged rollouts (the latest per patch) and the runbook's alerts as last received,
 * each source stamped with its computation and receipt times. A refresh replaces a source in one
 * transaction; a rollout's row keeps its `local_state` (a decision still queued on it).
 */
export class RolloutsRepository {
  private readonly s: {
    putRollout: BetterSqlite3.Statement<[string, number, string, string]>;
    dropRolloutsNotIn: BetterSqlite3.Statement<[string]>;
    rollout: BetterSqlite3.Statement<[string], { data: string; local_state: LocalState }>;
    rollouts: BetterSqlite3.Statement<[], { data: string; local_state: LocalState }>;
    clearAlerts: BetterSqlite3.Statement;
    putAlert: BetterSqlite3.Statement<[string, number, string | null, string, string]>;
    alerts: BetterSqlite3.Statement<[], { data: string }>;
    putSnapshot: BetterSqlite3.Statement<[Source, string, string]>;
    snapshot: BetterSqlite3.Statement<[Source], { computed_at: string; refreshed_at: string }>;
  };

  constructor(private readonly cache: CacheDb) {
    const sql = cache.sql;
    this.s = {
      putRollout: sql.prepare(
        `INSERT INTO patch_rollouts (id, version, state, data) VALUES (?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET version = excluded.version, state = excluded.state, data = excluded.data
         WHERE excluded.version >= patch_rollouts.version`,
      ),
      dropRolloutsNotIn: sql.prepare('DELETE FROM patch_rollouts WHERE id NOT IN (SELECT value FROM json_each(?))'),
      rollout: sql.prepare('SELECT data, local_state FROM patch_rollouts WHERE id = ?'),
      rollouts: sql.prepare('SELECT data, local_state FROM patch_rollouts ORDER BY id'),
      clearAlerts: sql.prepare('DELETE FROM self_heal_alerts'),
      putAlert: sql.prepare('INSERT INTO self_heal_alerts (id, rank, patch_id, state, data) VALUES (?, ?, ?, ?, ?)'),
      alerts: sql.prepare('SELECT data FROM self_heal_alerts ORDER BY rank'),
      putSnapshot: sql.prepare(
        `INSERT INTO rollout_snapshots (source, computed_at, refreshed_at) VALUES (?, ?, ?)
         ON CONFLICT (source) DO UPDATE SET computed_at = excluded.computed_at, refreshed_at = excluded.refreshed_at`,
      ),
      snapshot: sql.prepare('SELECT computed_at, refreshed_at FROM rollout_snapshots WHERE source = ?'),
    };
  }

  /** Replaces the cached rollouts with a fresh answer (rollouts it no longer lists are dropped). */
  putRollouts(answer: RolloutsResponse, refreshedAt: string): void {
    this.cache.transaction(() => {
      for (const rollout of answer.rollouts) this.put(rollout);
      this.s.dropRolloutsNotIn.run(JSON.stringify(answer.rollouts.map((r) => r.patch_id)));
      this.s.putSnapshot.run('rollouts', answer.computed_at, refreshedAt);
      this.cache.touched('patch_rollouts', 'rollout_snapshots');
    });
  }

  /** Caches one rollout the backend answered with (an older version's never replaces a newer one's). */
  upsert(rollout: Rollout): void {
    this.put(rollout);
    this.cache.touched('patch_rollouts');
  }

  rollout(patchId: string): CachedRollout | undefined {
    const row = this.s.rollout.get(patchId);
    return row ? { rollout: RolloutSchema.parse(JSON.parse(row.data)), localState: row.local_state } : undefined;
  }

  rollouts(): CachedRollout[] {
    return this.s.rollouts.all().map((row) => ({ rollout: RolloutSchema.parse(JSON.parse(row.data)), localState: row.local_state }));
  }

  /** Replaces the cached alerts with a fresh evaluation, in the backend's order. */
  putAlerts(answer: SelfHealAlertsResponse, refreshedAt: string): void {
    this.cache.transaction(() => {
      this.s.clearAlerts.run();
      answer.alerts.forEach((alert, rank) => this.s.putAlert.run(alert.id, rank, alert.patch_id, alert.state, JSON.stringify(alert)));
      this.s.putSnapshot.run('alerts', answer.evaluated_at, refreshedAt);
      this.cache.touched('self_heal_alerts', 'rollout_snapshots');
    });
  }

  alerts(): SelfHealAlert[] {
    return this.s.alerts.all().map(({ data }) => SelfHealAlertSchema.parse(JSON.parse(data)));
  }

  age(source: Source): FieldAge {
    const row = this.s.snapshot.get(source);
    return { computedAt: row?.computed_at ?? null, refreshedAt: row?.refreshed_at ?? null };
  }

  private put(rollout: Rollout): void {
    this.s.putRollout.run(rollout.patch_id, rollout.version, rollout.state, JSON.stringify(rollout));
  }
}
